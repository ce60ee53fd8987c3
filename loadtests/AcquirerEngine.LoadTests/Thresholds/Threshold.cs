namespace AcquirerEngine.LoadTests.Thresholds;

/// <summary>
/// One pass condition of a run, e.g. "sale.p99&lt;10ms" (step sale's p99 below 10 ms) or "fail%&lt;0.1"
/// (every step, all calls together). Latency limits are held in microseconds.
/// </summary>
public sealed record Threshold(string Text, string? Step, ThresholdMetric Metric, ThresholdOperator Operator, double Limit)
{
    public bool IsLatency => Metric is ThresholdMetric.Min or ThresholdMetric.Mean or ThresholdMetric.P50 or ThresholdMetric.P75
        or ThresholdMetric.P95 or ThresholdMetric.P99 or ThresholdMetric.P999 or ThresholdMetric.Max;

    public bool Holds(double actual) => Operator switch
    {
        ThresholdOperator.Less => actual < Limit,
        ThresholdOperator.LessOrEqual => actual <= Limit,
        ThresholdOperator.Greater => actual > Limit,
        _ => actual >= Limit,
    };
}
