namespace AcquirerEngine.Runtime.Storage;

/// <summary>A journal record as read back: with the grain that wrote it, its store-wide sequence and write time.</summary>
public sealed record StoredJournalRecord(
    long Sequence,
    GrainId GrainId,
    string RecordId,
    string Kind,
    byte[] Payload,
    DateTimeOffset WrittenAt);
