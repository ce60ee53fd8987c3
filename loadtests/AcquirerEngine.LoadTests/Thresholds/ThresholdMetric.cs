namespace AcquirerEngine.LoadTests.Thresholds;

/// <summary>What a threshold compares: a latency percentile (microseconds), the fail percentage, or a rate/count.</summary>
public enum ThresholdMetric
{
    Min,
    Mean,
    P50,
    P75,
    P95,
    P99,
    P999,
    Max,
    FailPercent,
    Rps,
    Ok,
    Failed,
}
