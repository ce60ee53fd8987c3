namespace AcquirerEngine.Runtime.Storage;

/// <summary>
/// A grain's last full state (<paramref name="Payload"/>, written at <paramref name="SnapshotVersion"/>), the
/// journal records of the appends since, in write order, and the current <paramref name="Version"/> the next
/// write must name. With no appends since the snapshot, Version equals SnapshotVersion and Tail is empty.
/// </summary>
public sealed record StoredGrainSnapshot(
    byte[] Payload,
    long Version,
    long SnapshotVersion,
    IReadOnlyList<StoredJournalRecord> Tail);
