namespace AcquirerEngine.Runtime.Storage;

/// <summary>
/// One immutable journal record: a money movement or another fact the grain's state is a projection of.
/// <paramref name="RecordId"/> is idempotent: the store holds each id at most once, across all grains, and refuses a
/// second with <see cref="DuplicateJournalRecordException"/>, unless the grain refuses it itself (<paramref name="DedupedByGrain"/>).
/// </summary>
/// <param name="DedupedByGrain">
/// The grain refuses a repeated id itself, so the store need not: its decider checks every new id against a state
/// that holds every id of this kind the grain ever appended, and it never clears that state. (The version fence makes
/// the state a grain decides on the store's: a second activation's write is refused as stale.) A store may leave such
/// a record out of its store-wide check. The SQLite store does, because there that check is a random insert into an
/// index of every record ever written, paid by the hottest records (a sale's, twice); the in-memory store does as
/// well, so grain tests show the grain's own refusal; PostgreSQL checks every id. Records whose ids must be refused
/// across grains (a payout queued on two rails) never set it.
/// </param>
public sealed record JournalRecord(string RecordId, string Kind, byte[] Payload, bool DedupedByGrain = false);
