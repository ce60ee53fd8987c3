namespace AcquirerEngine.Runtime.Storage;

/// <summary>
/// One atomic, versioned write: the grain's new state and the journal records it produced.
/// Either all of it is durable or none of it is. <paramref name="ExpectedVersion"/> is the version
/// the writer read (0 when nothing was stored yet); the store refuses the write if it holds another.
/// </summary>
public sealed record GrainStateWrite(
    GrainId GrainId,
    long ExpectedVersion,
    byte[] Payload,
    IReadOnlyList<JournalRecord> Records)
{
    /// <summary>
    /// True: the state change is exactly <see cref="Records"/> (the grain rebuilds it by replaying them), so
    /// the store appends the records and bumps the version but keeps its last snapshot; <see cref="Payload"/>
    /// is not stored. Only sent to an <see cref="IJournaledGrainStorage"/>, never as a grain's first write.
    /// </summary>
    public bool AppendOnly { get; init; }

    /// <summary>Set in a cluster: the store refuses the write (<see cref="FencedWriteException"/>) unless the epoch is current.</summary>
    public WriteFence? Fence { get; init; }

    /// <summary>
    /// The writing activation's pipeline: when an earlier write of it was refused or failed, the store refuses this
    /// one too (<see cref="EarlierWriteRefusedException"/>), and a store that refuses or fails this write breaks it.
    /// </summary>
    public WritePipeline? Pipeline { get; init; }

    /// <summary>Whether a group-committing store may hold this write briefly for company (see <see cref="WriteUrgency"/>).</summary>
    public WriteUrgency Urgency { get; init; }

    /// <summary>An append-only write: the records and a version bump, no state payload.</summary>
    public static GrainStateWrite Append(GrainId grainId, long expectedVersion, IReadOnlyList<JournalRecord> records) =>
        new(grainId, expectedVersion, [], records) { AppendOnly = true };
}
