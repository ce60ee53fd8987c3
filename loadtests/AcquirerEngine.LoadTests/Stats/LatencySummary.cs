namespace AcquirerEngine.LoadTests.Stats;

/// <summary>Latency figures of one histogram, in microseconds; percentiles read from buckets, min/max/mean exact.</summary>
public sealed record LatencySummary(
    long Count,
    long MinMicros,
    double MeanMicros,
    long P50Micros,
    long P75Micros,
    long P95Micros,
    long P99Micros,
    long P999Micros,
    long MaxMicros)
{
    /// <summary>No values: every figure zero.</summary>
    public static readonly LatencySummary Empty = new(0, 0, 0, 0, 0, 0, 0, 0, 0);

    public static LatencySummary From(LatencyHistogram histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        return histogram.Count == 0
            ? Empty
            : new LatencySummary(
                histogram.Count,
                histogram.Min,
                histogram.Mean,
                histogram.ValueAt(50),
                histogram.ValueAt(75),
                histogram.ValueAt(95),
                histogram.ValueAt(99),
                histogram.ValueAt(99.9),
                histogram.Max);
    }
}
