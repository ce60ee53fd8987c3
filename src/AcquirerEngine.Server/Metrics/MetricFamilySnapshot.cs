namespace AcquirerEngine.Server.Metrics;

/// <summary>
/// A metric family as exposed: its final Prometheus name (already with base-unit and _total suffixes),
/// help text, type and series. <see cref="BucketBounds"/> are the histogram's upper bounds, ascending, without +Inf.
/// </summary>
public sealed record MetricFamilySnapshot(
    string Name,
    string Help,
    MetricType Type,
    IReadOnlyList<double> BucketBounds,
    IReadOnlyList<MetricSeriesSnapshot> Series);
