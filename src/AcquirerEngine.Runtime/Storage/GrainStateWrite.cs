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
    IReadOnlyList<JournalRecord> Records);
