using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Grains.Tests;

/// <summary>Wraps a store and fails the next write on demand, as a disk or network error would.</summary>
public sealed class FailingGrainStorage(IJournaledGrainStorage inner) : IJournaledGrainStorage
{
    public bool FailNextWrite { get; set; }

    public Task<StoredGrainState?> ReadAsync(GrainId grainId, CancellationToken cancellationToken) =>
        inner.ReadAsync(grainId, cancellationToken);

    // Journaled, like the real stores, so grain tests run the append-and-replay path.
    public Task<StoredGrainSnapshot?> ReadStateWithTailAsync(GrainId grainId, CancellationToken cancellationToken) =>
        inner.ReadStateWithTailAsync(grainId, cancellationToken);

    public Task<long> WriteAsync(GrainStateWrite write, CancellationToken cancellationToken)
    {
        if (FailNextWrite)
        {
            FailNextWrite = false;
            throw new IOException("simulated storage failure");
        }

        return inner.WriteAsync(write, cancellationToken);
    }

    public Task ClearAsync(GrainId grainId, long expectedVersion, CancellationToken cancellationToken) =>
        inner.ClearAsync(grainId, expectedVersion, cancellationToken);
}
