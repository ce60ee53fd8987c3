namespace AcquirerEngine.Runtime.Storage;

/// <summary>
/// Durable, versioned grain state with its journal. Implementations must make a completed
/// <see cref="WriteAsync"/> durable (survives a crash) before the returned task completes.
/// </summary>
public interface IGrainStorage
{
    /// <summary>
    /// The stored state, or null when the grain was never written (or was cleared). For a grain that appends
    /// (<see cref="GrainStateWrite.AppendOnly"/>) this is its last snapshot with the current version; its
    /// whole state is that snapshot plus <see cref="IJournaledGrainStorage.ReadStateWithTailAsync"/>'s tail.
    /// </summary>
    Task<StoredGrainState?> ReadAsync(GrainId grainId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes state and journal records atomically and returns the new version (ExpectedVersion + 1).
    /// Throws <see cref="InconsistentStateException"/> when the stored version is not ExpectedVersion,
    /// and <see cref="DuplicateJournalRecordException"/> when a record id is already stored; nothing is written then.
    /// Writes of one grain are applied in the order of the calls, also when a caller issues the next before the
    /// previous completed (pipelined writes: the next names the version the previous will produce); a write whose
    /// <see cref="GrainStateWrite.Pipeline"/> is broken is refused with <see cref="EarlierWriteRefusedException"/>.
    /// </summary>
    Task<long> WriteAsync(GrainStateWrite write, CancellationToken cancellationToken);

    /// <summary>Removes the grain's state (not its journal). Same version rule as <see cref="WriteAsync"/>.</summary>
    Task ClearAsync(GrainId grainId, long expectedVersion, CancellationToken cancellationToken);
}
