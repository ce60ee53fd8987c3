using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Storage;
using AcquirerEngine.Storage.Postgres;
using AcquirerEngine.Testing;
using Npgsql;

namespace AcquirerEngine.Storage.Tests.Postgres;

/// <summary>Upgrading a PostgreSQL database written by an earlier build.</summary>
public sealed class PostgresMigrationsTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task A_database_with_snapshots_in_the_version_row_upgrades_and_reads_its_snapshots_tails_and_versions()
    {
        // A database as the second schema left it: the payload in grain_state, a journaled grain with a tail of two
        // appends after its snapshot, and a plain grain.
        var connectionString = await database.CreateExtraDatabaseAsync();
        try
        {
            await ExecuteAsync(connectionString, PostgresMigrations.All[0].Sql + PostgresMigrations.All[1].Sql + """
                CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
                INSERT INTO schema_migrations (version, name) VALUES (1, 'grain state, journal, reminders'), (2, 'snapshots and journal tails');
                INSERT INTO grain_state (grain_type, grain_key, version, payload, updated_at, snapshot_version, journal_floor)
                    VALUES ('terminal', 't1', 3, '\x0a0b0c', now(), 1, 0), ('plain', 'p1', 5, '\x05', now(), 5, 0);
                INSERT INTO journal (grain_type, grain_key, record_id, kind, payload, written_at, grain_version) VALUES
                    ('terminal', 't1', 't1-1', 'k', '\x01', now(), 1),
                    ('terminal', 't1', 't1-2', 'k', '\x02', now(), 2),
                    ('terminal', 't1', 't1-3', 'k', '\x03', now(), 3);
                """);

            await using var store = await PostgresStore.OpenAsync(new PostgresStoreOptions { ConnectionString = connectionString, MaxPoolSize = 4 }, Ct);
            var terminal = new GrainId("terminal", "t1");
            var plain = new GrainId("plain", "p1");

            var read = await store.ReadStateWithTailAsync(terminal, Ct);
            Assert.Equal((3L, 1L), (read!.Version, read.SnapshotVersion));
            Assert.Equal(new byte[] { 0x0a, 0x0b, 0x0c }, read.Payload);
            Assert.Equal(["t1-2", "t1-3"], read.Tail.Select(r => r.RecordId));
            var plainRead = await store.ReadAsync(plain, Ct);
            Assert.Equal(5, plainRead!.Version);
            Assert.Equal(new byte[] { 0x05 }, plainRead.Payload);

            // The version row no longer carries the payload, so an append cannot rewrite the snapshot.
            Assert.Equal(0L, await ScalarAsync(connectionString,
                "SELECT count(*) FROM information_schema.columns WHERE table_name = 'grain_state' AND column_name = 'payload';"));
            Assert.Equal(3, await ScalarAsync(connectionString, "SELECT max(version) FROM schema_migrations;"));

            // Appends, a snapshot, a clear and a new life all work on the upgraded rows.
            Assert.Equal(4, await store.WriteAsync(GrainStateWrite.Append(terminal, 3, [new JournalRecord("t1-4", "k", [4])]), Ct));
            read = await store.ReadStateWithTailAsync(terminal, Ct);
            Assert.Equal(new byte[] { 0x0a, 0x0b, 0x0c }, read!.Payload);
            Assert.Equal(["t1-2", "t1-3", "t1-4"], read.Tail.Select(r => r.RecordId));

            Assert.Equal(5, await store.WriteAsync(new GrainStateWrite(terminal, 4, [0x0d], []), Ct));
            read = await store.ReadStateWithTailAsync(terminal, Ct);
            Assert.Equal((5L, 5L), (read!.Version, read.SnapshotVersion));
            Assert.Equal(new byte[] { 0x0d }, read.Payload);
            Assert.Empty(read.Tail);

            await store.ClearAsync(plain, 5, Ct);
            Assert.Null(await store.ReadAsync(plain, Ct));
            Assert.Equal(0L, await ScalarAsync(connectionString, "SELECT count(*) FROM grain_snapshot WHERE grain_type = 'plain';"));
            Assert.Equal(1, await store.WriteAsync(new GrainStateWrite(plain, 0, [0x06], []), Ct));
            Assert.Equal(new byte[] { 0x06 }, (await store.ReadAsync(plain, Ct))!.Payload);
        }
        finally
        {
            await database.Server.DropDatabaseAsync(connectionString);
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
