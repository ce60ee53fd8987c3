namespace AcquirerEngine.Server.Metrics;

/// <summary>
/// One time series at scrape time. For counters and gauges only <see cref="Value"/> counts; for a histogram,
/// <see cref="BucketCounts"/> holds per-bucket (not cumulative) counts, one per bound of the family plus the
/// overflow bucket last, with <see cref="Sum"/> and <see cref="Count"/>.
/// </summary>
public sealed record MetricSeriesSnapshot(
    IReadOnlyList<KeyValuePair<string, string>> Labels,
    double Value,
    IReadOnlyList<long> BucketCounts,
    double Sum,
    long Count)
{
    public static MetricSeriesSnapshot Scalar(IReadOnlyList<KeyValuePair<string, string>> labels, double value) =>
        new(labels, value, [], 0, 0);
}
