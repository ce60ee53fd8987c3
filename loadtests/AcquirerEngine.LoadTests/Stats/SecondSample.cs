namespace AcquirerEngine.LoadTests.Stats;

/// <summary>One step's second of a run: counts and latency percentiles (microseconds) of the calls ending in it.</summary>
public sealed record SecondSample(
    int Second,
    long Ok,
    long Failed,
    long P50Micros,
    long P95Micros,
    long P99Micros,
    long MaxMicros);
