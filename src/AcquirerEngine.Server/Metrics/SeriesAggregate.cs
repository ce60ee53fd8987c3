namespace AcquirerEngine.Server.Metrics;

/// <summary>The running state of one series; measurements arrive from any thread, so every access locks.</summary>
internal sealed class SeriesAggregate(KeyValuePair<string, string>[] labels, int bucketCount)
{
    private readonly object _lock = new();
    private readonly long[] _buckets = new long[bucketCount];
    private double _value;
    private double _sum;
    private long _count;

    public KeyValuePair<string, string>[] Labels { get; } = labels;

    public void Add(double delta)
    {
        lock (_lock)
        {
            _value += delta;
        }
    }

    public void Set(double value)
    {
        lock (_lock)
        {
            _value = value;
        }
    }

    /// <summary>Counts one observation in the first bucket whose upper bound is at least the value (else the overflow bucket).</summary>
    public void Observe(double value, IReadOnlyList<double> bounds)
    {
        var index = bounds.Count;
        for (var i = 0; i < bounds.Count; i++)
        {
            if (value <= bounds[i])
            {
                index = i;
                break;
            }
        }

        lock (_lock)
        {
            _buckets[index]++;
            _sum += value;
            _count++;
        }
    }

    public MetricSeriesSnapshot Snapshot()
    {
        lock (_lock)
        {
            return new MetricSeriesSnapshot(Labels, _value, [.. _buckets], _sum, _count);
        }
    }
}
