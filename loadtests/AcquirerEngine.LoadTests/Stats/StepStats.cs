namespace AcquirerEngine.LoadTests.Stats;

/// <summary>
/// Everything measured for one step: ok latencies in a histogram, failures by status, bytes, and a series
/// of per-second samples (each second's percentiles come from that second's own histogram). Thread-safe.
/// </summary>
public sealed class StepStats
{
    private readonly object _gate = new();
    private readonly LatencyHistogram _ok = new();
    private readonly LatencyHistogram _failedLatency = new();
    private readonly Dictionary<string, long> _statuses = new(StringComparer.Ordinal);
    private readonly SortedDictionary<int, SecondAccumulator> _seconds = [];
    private long _bytesSent;
    private long _bytesReceived;

    public StepStats(string name)
    {
        Name = name;
    }

    public string Name { get; }

    public void Record(StepOutcome outcome, long latencyMicros, int second)
    {
        lock (_gate)
        {
            _statuses[outcome.Status] = _statuses.GetValueOrDefault(outcome.Status) + 1;
            _bytesSent += outcome.BytesSent;
            _bytesReceived += outcome.BytesReceived;
            if (!_seconds.TryGetValue(second, out var bucket))
            {
                bucket = new SecondAccumulator();
                _seconds[second] = bucket;
            }

            if (outcome.Ok)
            {
                _ok.Record(latencyMicros);
                bucket.Histogram.Record(latencyMicros);
                bucket.Ok++;
            }
            else
            {
                _failedLatency.Record(latencyMicros);
                bucket.Failed++;
            }
        }
    }

    /// <summary>A consistent copy of everything so far; <paramref name="measuredSeconds"/> is the run's measured length (for RPS).</summary>
    public StepSnapshot Snapshot(double measuredSeconds)
    {
        lock (_gate)
        {
            var ok = _statuses.GetValueOrDefault(StepOutcome.OkStatus);
            var failed = _statuses.Where(s => s.Key != StepOutcome.OkStatus).Sum(s => s.Value);
            var series = _seconds.Select(s => new SecondSample(
                s.Key,
                s.Value.Ok,
                s.Value.Failed,
                s.Value.Histogram.ValueAt(50),
                s.Value.Histogram.ValueAt(95),
                s.Value.Histogram.ValueAt(99),
                s.Value.Histogram.Count == 0 ? 0 : s.Value.Histogram.Max)).ToList();
            return new StepSnapshot(
                Name,
                ok,
                failed,
                new SortedDictionary<string, long>(_statuses, StringComparer.Ordinal),
                LatencySummary.From(_ok),
                measuredSeconds > 0 ? (ok + failed) / measuredSeconds : 0,
                _bytesSent,
                _bytesReceived,
                series);
        }
    }

    private sealed class SecondAccumulator
    {
        public LatencyHistogram Histogram { get; } = new();

        public long Ok { get; set; }

        public long Failed { get; set; }
    }
}
