using System.Globalization;

namespace AcquirerEngine.LoadTests.Load;

/// <summary>Open model: inject <see cref="Rate"/> iterations per second whatever the engine's latency.</summary>
public sealed record OpenRate(double Rate, TimeSpan Duration, bool Warmup = false) : LoadStage(Duration, Warmup)
{
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"open {Rate:0.##}/s for {Seconds(Duration)}");
}
