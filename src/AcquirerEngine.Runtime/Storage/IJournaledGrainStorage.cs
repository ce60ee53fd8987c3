namespace AcquirerEngine.Runtime.Storage;

/// <summary>
/// A store that also takes append-only writes (<see cref="GrainStateWrite.AppendOnly"/>): a grain whose
/// state is a projection of its own journal records then writes its full state only now and then (a
/// snapshot) and otherwise just appends its records. Version numbers fence stale writers exactly as for
/// full writes.
/// </summary>
public interface IJournaledGrainStorage : IGrainStorage
{
    /// <summary>
    /// The latest snapshot with the grain's records written after it, in write order, or null when the
    /// grain was never written (or was cleared). Snapshot and tail are read consistently (one read view).
    /// </summary>
    Task<StoredGrainSnapshot?> ReadStateWithTailAsync(GrainId grainId, CancellationToken cancellationToken);
}
