namespace AcquirerEngine.Storage.Postgres;

/// <summary>How the PostgreSQL store connects.</summary>
public sealed class PostgresStoreOptions
{
    /// <summary>Npgsql connection string (host, port, database, credentials). Pool size here is overridden by <see cref="MaxPoolSize"/>.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>
    /// Upper bound on open connections from this store. Bounded so a burst of grain activations queues
    /// in the pool instead of exhausting the server's max_connections.
    /// </summary>
    public int MaxPoolSize { get; init; } = 20;

    /// <summary>
    /// Most grain writes committed together in one transaction by the single writer loop (which holds
    /// one pooled connection while it writes). 1 = one transaction and commit per write.
    /// </summary>
    public int MaxWriteBatch { get; init; } = 256;

    /// <summary>Grain writes that may wait for the writer; beyond this, callers wait to enqueue (back pressure).</summary>
    public int WriteQueueCapacity { get; init; } = 4096;

    /// <summary>
    /// Longest a batch made only of writes no reply waits on (<see cref="Runtime.Storage.WriteUrgency.MayLinger"/>) is
    /// held for company before it commits alone; the next prompt write ends the wait. Zero: never held.
    /// </summary>
    public TimeSpan MaxLinger { get; init; } = GroupCommit.GroupCommitOptions.DefaultMaxLinger;

    /// <summary>Clock for updated_at / written_at; replaceable so tests can pin time.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
