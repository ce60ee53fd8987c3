namespace AcquirerEngine.Storage.Sqlite;

/// <summary>Where and how the embedded SQLite store keeps its database file.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>Directory holding the database file (and its -wal/-shm companions); created if missing.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Database file name inside <see cref="DataDirectory"/>.</summary>
    public string FileName { get; init; } = "acquirer.db";

    /// <summary>
    /// How long a statement waits for a lock held by another connection (another process on the same
    /// file, or a checkpoint) before failing with SQLITE_BUSY.
    /// </summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Idle read connections kept open for reuse; reads beyond this open and close their own.</summary>
    public int MaxIdleReadConnections { get; init; } = 8;

    /// <summary>
    /// Most grain writes committed together in one transaction (one fsync). 1 = one commit per write.
    /// Larger batches only form under concurrency: a lone write never waits for company.
    /// </summary>
    public int MaxWriteBatch { get; init; } = 256;

    /// <summary>Grain writes that may wait for the writer; beyond this, callers wait to enqueue (back pressure).</summary>
    public int WriteQueueCapacity { get; init; } = 4096;

    /// <summary>
    /// Longest a batch made only of writes no reply waits on (<see cref="Runtime.Storage.WriteUrgency.MayLinger"/>) is
    /// held for company before it commits alone; the next prompt write ends the wait. Zero: never held.
    /// </summary>
    public TimeSpan MaxLinger { get; init; } = GroupCommit.GroupCommitOptions.DefaultMaxLinger;

    /// <summary>
    /// Whether WAL checkpoints run on a background connection (<see cref="SqliteCheckpointer"/>) instead of inside the
    /// writer's commits (SQLite's wal_autocheckpoint, which made the commit crossing every 1000 WAL pages wait for it).
    /// </summary>
    public bool CheckpointInBackground { get; init; } = true;

    /// <summary>Least time between two background checkpoints; the WAL collects the commits in between.</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// WAL size (in pages) at which the background checkpointer pauses the writer between two batches to copy the
    /// rest and rewind the WAL, which bounds its growth under continuous writes (8192 pages of 4 KiB: 32 MiB).
    /// </summary>
    public long WalRestartFrames { get; init; } = 8192;

    /// <summary>
    /// Whether the writer's WAL writes reach the file in one system call per commit instead of two per page
    /// (<see cref="Vfs.CoalescingWalVfs"/>). Same bytes, same fsync, same order; off only to measure the difference.
    /// </summary>
    public bool CoalesceWalWrites { get; init; } = true;

    /// <summary>Clock for updated_at / written_at; replaceable so tests can pin time.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
