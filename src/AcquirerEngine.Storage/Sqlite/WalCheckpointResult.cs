namespace AcquirerEngine.Storage.Sqlite;

/// <summary>
/// What one <c>PRAGMA wal_checkpoint</c> reported: the frames the WAL held and how many of them are now copied into the
/// database file (SQLite's "log" and "checkpointed" columns; both -1 when the database is not in WAL mode).
/// </summary>
internal readonly record struct WalCheckpointResult(long WalFrames, long CopiedFrames)
{
    /// <summary>Frames still to copy after this checkpoint: those committed while it ran, or held back by a reader.</summary>
    public long RemainingFrames => WalFrames > CopiedFrames && CopiedFrames >= 0 ? WalFrames - CopiedFrames : 0;
}
