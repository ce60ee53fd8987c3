using System.Globalization;

namespace AcquirerEngine.LoadTests.Load;

/// <summary>Closed model: <see cref="Concurrency"/> workers, each starting its next iteration when the last one ends.</summary>
public sealed record Closed(int Concurrency, TimeSpan Duration, bool Warmup = false) : LoadStage(Duration, Warmup)
{
    public override string Describe() => string.Create(CultureInfo.InvariantCulture, $"closed {Concurrency} workers for {Seconds(Duration)}");
}
