using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Grains.Tests;

/// <summary>
/// Fails the next N writes of grains of one type (e.g. "merchant"), as an unavailable store for that grain would,
/// or holds them until released, as a slow one would.
/// </summary>
public sealed class SelectiveFailingStorage(IJournaledGrainStorage inner) : IJournaledGrainStorage
{
    private readonly object _lock = new();
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WriteGate> _gates = new(StringComparer.Ordinal);

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
            if (_failures.TryGetValue(write.GrainId.Type, out var left) && left > 0)
            {
                _failures[write.GrainId.Type] = left - 1;
                throw new IOException($"simulated storage failure for {write.GrainId}");
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
