using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Grains.Tests;

/// <summary>
/// Fails the next N writes of grains of one type (e.g. "merchant"), as an unavailable store for that grain would,
/// or the next write holding a chosen record (a crash between two writes of one turn), or holds them until released,
/// as a slow one would; records the writes of chosen grains, so a test can tell appends from full-state writes.
/// </summary>
public sealed class SelectiveFailingStorage(IJournaledGrainStorage inner) : IJournaledGrainStorage
{
    private readonly object _lock = new();
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WriteGate> _gates = new(StringComparer.Ordinal);
    private readonly Dictionary<GrainId, List<GrainStateWrite>> _recorded = [];
    private string? _failRecordPrefix;

    /// <summary>How many writes the record-id failure refused so far.</summary>
    public int RecordFailuresInjected { get; private set; }

    /// <summary>Fails the next write that holds a record whose id starts with <paramref name="recordIdPrefix"/>.</summary>
    public void FailNextWriteHolding(string recordIdPrefix)
    {
        lock (_lock)
        {
            _failRecordPrefix = recordIdPrefix;
        }
    }

    /// <summary>From now on, keeps every write of <paramref name="grainId"/> (refused ones too) for <see cref="WritesOf"/>.</summary>
    public void Record(GrainId grainId)
    {
        lock (_lock)
        {
            _recorded.TryAdd(grainId, []);
        }
    }

    public IReadOnlyList<GrainStateWrite> WritesOf(GrainId grainId)
    {
        lock (_lock)
        {
            return _recorded.TryGetValue(grainId, out var writes) ? [.. writes] : [];
        }
    }

    public void FailNextWrites(string grainTypeName, int count)
    {
        lock (_lock)
        {
            _failures[grainTypeName] = count;
        }
    }

    /// <summary>Holds every write of grains of this type from now until the gate is released.</summary>
    public WriteGate HoldWrites(string grainTypeName)
    {
        var gate = new WriteGate();
        lock (_lock)
        {
            _gates[grainTypeName] = gate;
        }

        return gate;
    }

    public Task<StoredGrainState?> ReadAsync(GrainId grainId, CancellationToken cancellationToken) =>
        inner.ReadAsync(grainId, cancellationToken);

    // Journaled, like the real stores, so grain tests run the append-and-replay path.
    public Task<StoredGrainSnapshot?> ReadStateWithTailAsync(GrainId grainId, CancellationToken cancellationToken) =>
        inner.ReadStateWithTailAsync(grainId, cancellationToken);

    public async Task<long> WriteAsync(GrainStateWrite write, CancellationToken cancellationToken)
    {
        WriteGate? gate;
        lock (_lock)
        {
            if (_recorded.TryGetValue(write.GrainId, out var recorded))
            {
                recorded.Add(write);
            }

            if (_failures.TryGetValue(write.GrainId.Type, out var left) && left > 0)
            {
                _failures[write.GrainId.Type] = left - 1;
                throw new IOException($"simulated storage failure for {write.GrainId}");
            }

            if (_failRecordPrefix is { } prefix && write.Records.Any(r => r.RecordId.StartsWith(prefix, StringComparison.Ordinal)))
            {
                _failRecordPrefix = null;
                RecordFailuresInjected++;
                throw new IOException($"simulated storage failure for {write.GrainId} writing a {prefix}... record");
            }

            _gates.TryGetValue(write.GrainId.Type, out gate);
        }

        if (gate is not null)
        {
            await gate.PassAsync();
        }

        return await inner.WriteAsync(write, cancellationToken);
    }

    public Task ClearAsync(GrainId grainId, long expectedVersion, CancellationToken cancellationToken) =>
        inner.ClearAsync(grainId, expectedVersion, cancellationToken);
}
