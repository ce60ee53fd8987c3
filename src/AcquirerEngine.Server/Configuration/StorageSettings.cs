namespace AcquirerEngine.Server.Configuration;

public sealed class StorageSettings
{
    /// <summary>"sqlite" (embedded default) or "postgres".</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>Where the embedded store and the generated operator token live.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Npgsql connection string, for Provider "postgres".</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Upper bound of PostgreSQL connections this node opens.</summary>
    public int PostgresMaxPoolSize { get; set; } = 16;

    /// <summary>
    /// Most grain writes group-committed in one transaction (either store). 1 = one commit per write.
    /// </summary>
    public int MaxWriteBatch { get; set; } = 256;

    /// <summary>
    /// Milliseconds a batch made only of writes no reply waits on (a merchant's capture of a sale its terminal has
    /// already answered) may wait for a prompt write to share its commit (either store). 0 = never.
    /// </summary>
    public double MaxLingerMilliseconds { get; set; } = 2;

    /// <summary>
    /// Journaled grains (terminals, merchants) write their full state every SnapshotEvery-th write and
    /// otherwise append only their journal records. 1 = full state on every write.
    /// </summary>
    public int SnapshotEvery { get; set; } = 64;

    /// <summary>
    /// SQLite: the writer's WAL frames reach the file in one system call per commit instead of two per page.
    /// The same bytes, order and fsync; false only to measure what it saves.
    /// </summary>
    public bool SqliteCoalesceWalWrites { get; set; } = true;
}
