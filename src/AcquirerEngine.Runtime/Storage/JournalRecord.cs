namespace AcquirerEngine.Runtime.Storage;

/// <summary>
/// One immutable journal record: a money movement or another fact the grain's state is a projection of.
/// <paramref name="RecordId"/> is idempotent: the store holds each id at most once, across all grains.
/// </summary>
public sealed record JournalRecord(string RecordId, string Kind, byte[] Payload);
