using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Storage;
using AcquirerEngine.Storage.Postgres;
using AcquirerEngine.Testing;
using Npgsql;

namespace AcquirerEngine.Storage.Tests.Postgres;

/// <summary>What the PostgreSQL store does beyond the shared contract: its row layout and journal order across processes.</summary>
public sealed class PostgresStoreTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private readonly string _grainType = "p" + Guid.NewGuid().ToString("N");

    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task Appends_move_only_the_version_row_and_leave_the_snapshot_row_as_written()
    {
        await using var store = await OpenAsync(database.ConnectionString);
        var grain = new GrainId(_grainType, "big");
        var snapshot = Enumerable.Range(0, 200_000).Select(i => (byte)i).ToArray();
        await store.WriteAsync(new GrainStateWrite(grain, 0, snapshot, []), Ct);
        var written = await SnapshotRowVersionAsync(grain);

        for (var v = 1; v <= 3; v++)
        {
            await store.WriteAsync(GrainStateWrite.Append(grain, v, [new JournalRecord(Guid.NewGuid().ToString("N"), "k", [1])]), Ct);
        }

        // xmin names the transaction that wrote the row's current version: an append that rewrote the snapshot would change it.
        Assert.Equal(written, await SnapshotRowVersionAsync(grain));
        var read = await store.ReadStateWithTailAsync(grain, Ct);
        Assert.Equal((4L, 1L), (read!.Version, read.SnapshotVersion));
        Assert.Equal(snapshot, read.Payload);
        Assert.Equal(3, read.Tail.Count);

        await store.WriteAsync(new GrainStateWrite(grain, 4, [7], []), Ct);
        Assert.NotEqual(written, await SnapshotRowVersionAsync(grain));
        Assert.Equal(new byte[] { 7 }, (await store.ReadAsync(grain, Ct))!.Payload);
    }

    [Fact]
    public async Task A_reader_tailing_by_sequence_misses_no_record_committed_after_a_later_numbered_one_of_another_process()
    {
        // Two stores on one database, as two processes. The first one's write stalls after its journal insert has taken
        // a sequence number and before it commits (a trigger waits for an advisory lock this test holds); the second
        // one writes meanwhile. Were sequences assigned regardless of commit order, the second write would commit with
        // the higher number, a reader would move its cursor past it, and the stalled record would appear below the cursor.
        var connectionString = await database.CreateExtraDatabaseAsync();
        try
        {
            await using var first = await OpenAsync(connectionString);
            await using var second = await OpenAsync(connectionString);
            await ExecuteAsync(connectionString, """
                CREATE FUNCTION stall_journal_insert() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.grain_key = 'stalled' THEN PERFORM pg_advisory_xact_lock_shared(42); END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER stall_journal_insert AFTER INSERT ON journal FOR EACH ROW EXECUTE FUNCTION stall_journal_insert();
                """);

            await using var stall = new NpgsqlConnection(connectionString);
            await stall.OpenAsync();
            await ExecuteAsync(stall, "SELECT pg_advisory_lock(42);");

            var stalled = first.WriteAsync(new GrainStateWrite(new GrainId(_grainType, "stalled"), 0, [1], [new JournalRecord("stalled-1", "k", [1])]), Ct);
            await WaitUntilAsync(connectionString, () => false, lockWaiters: 1);
            var other = second.WriteAsync(new GrainStateWrite(new GrainId(_grainType, "other"), 0, [1], [new JournalRecord("other-1", "k", [1])]), Ct);

            // The second write either committed or waits for the stalled one's commit; the reader reads now, in between.
            await WaitUntilAsync(connectionString, () => other.IsCompleted, lockWaiters: 2);
            var seen = new List<StoredJournalRecord>();
            await foreach (var record in second.ReadAllAsync(0, 100, Ct))
            {
                seen.Add(record);
            }

            var cursor = seen.Count == 0 ? 0 : seen[^1].Sequence;
            await ExecuteAsync(stall, "SELECT pg_advisory_unlock(42);");
            Assert.Equal(1, await stalled);
            Assert.Equal(1, await other);
            await foreach (var record in second.ReadAllAsync(cursor, 100, Ct))
            {
                seen.Add(record);
            }

            Assert.Equal(["other-1", "stalled-1"], seen.Select(r => r.RecordId).Order(StringComparer.Ordinal));
        }
        finally
        {
            await database.Server.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task A_write_whose_connection_the_server_ended_fails_is_counted_and_the_next_one_commits_on_a_new_connection()
    {
        var connectionString = await database.CreateExtraDatabaseAsync();
        try
        {
            await using var store = await OpenAsync(connectionString);
            var grain = new GrainId(_grainType, "cut-off");
            Assert.Equal(1, await store.WriteAsync(new GrainStateWrite(grain, 0, [1], []), Ct));

            // An administrator (or a failover) ends every session of the database, the writer's kept connection included.
            await ExecuteAsync(connectionString, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid();");

            using var failures = new StorageFailureCounter();
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => store.WriteAsync(new GrainStateWrite(grain, 1, [2], []), Ct));
            Assert.Equal(1, failures.Count("postgres"));

            // Nothing of the failed write; the same write commits on a fresh connection.
            Assert.Equal(2, await store.WriteAsync(new GrainStateWrite(grain, 1, [2], []), Ct));
            var read = await store.ReadAsync(grain, Ct);
            Assert.Equal(2, read!.Version);
            Assert.Equal(new byte[] { 2 }, read.Payload);
        }
        finally
        {
            await database.Server.DropDatabaseAsync(connectionString);
        }
    }

    private static Task<PostgresStore> OpenAsync(string connectionString) =>
        PostgresStore.OpenAsync(new PostgresStoreOptions { ConnectionString = connectionString, MaxPoolSize = 4 }, Ct);

    private async Task<long> SnapshotRowVersionAsync(GrainId grain)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT xmin::text::bigint FROM grain_snapshot WHERE grain_type = @type AND grain_key = @key;", connection);
        command.Parameters.AddWithValue("type", grain.Type);
        command.Parameters.AddWithValue("key", grain.Key);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Waits until <paramref name="done"/> holds or that many sessions of the database wait for a lock.</summary>
    private static async Task WaitUntilAsync(string connectionString, Func<bool> done, int lockWaiters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        for (var attempt = 0; attempt < 3000; attempt++)
        {
            await using var command = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock';", connection);
            if (done() || (long)(await command.ExecuteScalarAsync())! >= lockWaiters)
            {
                return;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"Fewer than {lockWaiters} sessions started waiting for a lock.");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, sql);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
