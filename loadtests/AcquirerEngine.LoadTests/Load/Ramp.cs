using System.Globalization;

namespace AcquirerEngine.LoadTests.Load;

/// <summary>Open model with the rate changing linearly from <see cref="From"/> to <see cref="To"/> per second over the stage.</summary>
public sealed record Ramp(double From, double To, TimeSpan Duration, bool Warmup = false) : LoadStage(Duration, Warmup)
{
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"ramp {From:0.##}/s -> {To:0.##}/s over {Seconds(Duration)}");
}
