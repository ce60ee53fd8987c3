using System.Collections.Concurrent;
using System.Diagnostics;
using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Benchmarks.Hosting;

/// <summary>
/// Passes every call to the real store and counts writes, state bytes and time spent in the store per grain type:
/// the profile that names what bounds a run (one grain rewriting a large state, or many small durable writes).
/// It is a journaled store as its inner store is, so journaled grains append through it exactly as they would on
/// the real store (a plain wrapper would make every one of their writes a full snapshot). An append is counted
/// as a write of no state bytes.
/// </summary>
public sealed class MeteredGrainStorage : IJournaledGrainStorage
{
    private readonly IJournaledGrainStorage _inner;
    private readonly ConcurrentDictionary<string, Meter> _meters = new(StringComparer.Ordinal);

    public MeteredGrainStorage(IJournaledGrainStorage inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
    }

    public Task<StoredGrainState?> ReadAsync(GrainId grainId, CancellationToken cancellationToken) =>
        _inner.ReadAsync(grainId, cancellationToken);

    public Task<StoredGrainSnapshot?> ReadStateWithTailAsync(GrainId grainId, CancellationToken cancellationToken) =>
        _inner.ReadStateWithTailAsync(grainId, cancellationToken);

    public async Task<long> WriteAsync(GrainStateWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await _inner.WriteAsync(write, cancellationToken);
        }
        finally
        {
            Count(write.GrainId.Type, write.Payload.Length, write.Records.Count, Stopwatch.GetTimestamp() - started);
        }
    }

    /// <summary>Counts a write that does not go through this store (the reminder table's), under its own name.</summary>
    public void Count(string type, long stateBytes, int journalRecords, long elapsedTimestampTicks)
    {
        var meter = _meters.GetOrAdd(type, _ => new Meter());
        Interlocked.Increment(ref meter.Writes);
        Interlocked.Add(ref meter.StateBytes, stateBytes);
        Interlocked.Add(ref meter.JournalRecords, journalRecords);
        Interlocked.Add(ref meter.StoreTicks, elapsedTimestampTicks);
    }

    public Task ClearAsync(GrainId grainId, long expectedVersion, CancellationToken cancellationToken) =>
        _inner.ClearAsync(grainId, expectedVersion, cancellationToken);

    /// <summary>What was written since the last call (by grain type, most store time first), and starts counting afresh.</summary>
    public IReadOnlyList<GrainTypeWrites> TakeSnapshot()
    {
        var taken = new List<GrainTypeWrites>();
        foreach (var (type, meter) in _meters)
        {
            var writes = Interlocked.Exchange(ref meter.Writes, 0);
            var bytes = Interlocked.Exchange(ref meter.StateBytes, 0);
            var records = Interlocked.Exchange(ref meter.JournalRecords, 0);
            var ticks = Interlocked.Exchange(ref meter.StoreTicks, 0);
            if (writes > 0)
            {
                taken.Add(new GrainTypeWrites(type, writes, bytes, records, Math.Round((double)ticks / Stopwatch.Frequency, 3)));
            }
        }

        return [.. taken.OrderByDescending(w => w.StoreSeconds).ThenBy(w => w.GrainType, StringComparer.Ordinal)];
    }

    private sealed class Meter
    {
        public long Writes;
        public long StateBytes;
        public long JournalRecords;
        public long StoreTicks;
    }
}
