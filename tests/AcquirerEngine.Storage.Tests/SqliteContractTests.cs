using AcquirerEngine.Storage.Sqlite;
using AcquirerEngine.Storage.Tests.Sqlite;
using Microsoft.Data.Sqlite;

namespace AcquirerEngine.Storage.Tests;

/// <summary>The storage contract on SQLite, each test in its own fresh temporary data directory.</summary>
public sealed class SqliteContractTests : GrainStorageContractTests<SqliteStore>
{
    // A nested, not-yet-existing directory: OpenAsync must create it.
    private readonly string _root = Path.Combine(Path.GetTempPath(), "ae-sqlite-" + Guid.NewGuid().ToString("N"));

    private string DataDirectory => Path.Combine(_root, "nested", "data");

    protected override Task<SqliteStore> OpenStoreAsync(int maxWriteBatch) =>
        SqliteStore.OpenAsync(
            new SqliteStoreOptions { DataDirectory = DataDirectory, BusyTimeout = TimeSpan.FromSeconds(7), MaxWriteBatch = maxWriteBatch },
            CancellationToken.None);

    protected override Task<IAsyncDisposable> BlockWritersAsync() =>
        Task.FromResult<IAsyncDisposable>(SqliteSideConnection.HoldingWriteLock(Store.DatabasePath));

    protected override Task<long> CountAppliedMigrationsAsync()
    {
        using var connection = SqliteSideConnection.Open(Store.DatabasePath);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM schema_migrations;";
        return Task.FromResult((long)command.ExecuteScalar()!);
    }

    /// <summary>A database file made by <paramref name="sql"/> in a directory of its own, as an earlier build left one.</summary>
    private (string Directory, string Path) CreateDatabase(string name, string sql)
    {
        var directory = Path.Combine(_root, name);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "acquirer.db");
        using var connection = SqliteSideConnection.Open(path);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
        return (directory, path);
    }

    /// <summary>The record ids of <paramref name="grain"/>'s whole journal, in sequence order.</summary>
    private static async Task<List<string>> RecordIdsOf(SqliteStore store, Runtime.GrainId grain) =>
        [.. (await GrainJournal(store, grain)).Select(r => r.RecordId)];

    protected override Task CleanupAsync()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task Database_file_is_created_under_the_data_directory()
    {
        Assert.Equal(Path.Combine(DataDirectory, "acquirer.db"), Store.DatabasePath);
        Assert.True(File.Exists(Store.DatabasePath));
        await Store.WriteAsync(new Runtime.Storage.GrainStateWrite(Grain("f"), 0, [1], []), CancellationToken.None);
        Assert.True(File.Exists(Store.DatabasePath + "-wal"));
    }

    [Fact]
    public async Task Wal_and_full_synchronous_are_in_effect_on_the_writer()
    {
        Assert.Equal("wal", await Store.ReadWriterPragmaAsync("journal_mode"));
        Assert.Equal("2", await Store.ReadWriterPragmaAsync("synchronous")); // 2 = FULL
        Assert.Equal("1", await Store.ReadWriterPragmaAsync("foreign_keys"));
        Assert.Equal("7000", await Store.ReadWriterPragmaAsync("busy_timeout"));

        // journal_mode=WAL is persistent in the file: a plain connection sees it too.
        using var connection = SqliteSideConnection.Open(Store.DatabasePath);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string)command.ExecuteScalar()!);
    }

    [Fact]
    public async Task A_database_from_before_snapshots_reads_its_rows_as_snapshots_of_everything()
    {
        // A file as the first schema left it: one grain with state and journal records.
        var (directory, _) = CreateDatabase("v1", SqliteMigrations.All[0].Sql + """
            CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT;
            INSERT INTO schema_migrations VALUES (1, 'grain state, journal, reminders', 0);
            INSERT INTO grain_state VALUES ('old', 'g', 2, x'0102', 0);
            INSERT INTO journal (grain_type, grain_key, record_id, kind, payload, written_at) VALUES ('old', 'g', 'old-1', 'k', x'01', 0);
            INSERT INTO journal (grain_type, grain_key, record_id, kind, payload, written_at) VALUES ('old', 'g', 'old-2', 'k', x'02', 0);
            """);

        await using var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = directory }, CancellationToken.None);
        var grain = new Runtime.GrainId("old", "g");
        var read = await store.ReadStateWithTailAsync(grain, CancellationToken.None);
        Assert.Equal(2, read!.Version);
        Assert.Equal(2, read.SnapshotVersion);
        Assert.Equal(new byte[] { 1, 2 }, read.Payload);
        Assert.Empty(read.Tail);

        await store.WriteAsync(Runtime.Storage.GrainStateWrite.Append(grain, 2, [new Runtime.Storage.JournalRecord("new-3", "k", [3])]), CancellationToken.None);
        read = await store.ReadStateWithTailAsync(grain, CancellationToken.None);
        Assert.Equal(["new-3"], read!.Tail.Select(r => r.RecordId));
    }

    [Fact]
    public async Task A_database_with_snapshots_beside_versions_upgrades_and_reads_its_snapshots_tails_and_versions()
    {
        // A file as the second schema left it: the payload in grain_state, a journaled grain with a tail of two
        // appends after its snapshot, and a plain grain.
        var (directory, path) = CreateDatabase("v2", SqliteMigrations.All[0].Sql + SqliteMigrations.All[1].Sql + """
            CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT;
            INSERT INTO schema_migrations VALUES (1, 'grain state, journal, reminders', 0), (2, 'snapshots and journal tails', 0);
            INSERT INTO grain_state (grain_type, grain_key, version, payload, updated_at, snapshot_version, journal_floor)
                VALUES ('terminal', 't1', 3, x'0a0b0c', 0, 1, 0), ('plain', 'p1', 5, x'05', 0, 5, 0);
            INSERT INTO journal (grain_type, grain_key, record_id, kind, payload, written_at, grain_version) VALUES
                ('terminal', 't1', 't1-1', 'k', x'01', 0, 1),
                ('terminal', 't1', 't1-2', 'k', x'02', 0, 2),
                ('terminal', 't1', 't1-3', 'k', x'03', 0, 3);
            """);

        await using var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = directory }, CancellationToken.None);
        var terminal = new Runtime.GrainId("terminal", "t1");
        var plain = new Runtime.GrainId("plain", "p1");

        var read = await store.ReadStateWithTailAsync(terminal, CancellationToken.None);
        Assert.Equal(3, read!.Version);
        Assert.Equal(1, read.SnapshotVersion);
        Assert.Equal(new byte[] { 0x0a, 0x0b, 0x0c }, read.Payload);
        Assert.Equal(["t1-2", "t1-3"], read.Tail.Select(r => r.RecordId));
        var plainRead = await store.ReadAsync(plain, CancellationToken.None);
        Assert.Equal(5, plainRead!.Version);
        Assert.Equal(new byte[] { 0x05 }, plainRead.Payload);

        // The version row no longer carries the payload, so an append cannot rewrite the snapshot.
        using (var connection = SqliteSideConnection.Open(path))
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT group_concat(name, ',') FROM pragma_table_info('grain_state');";
            Assert.DoesNotContain("payload", (string)command.ExecuteScalar()!, StringComparison.Ordinal);
            command.CommandText = "SELECT max(version) FROM schema_migrations;";
            Assert.Equal((long)SqliteMigrations.All[^1].Version, (long)command.ExecuteScalar()!);
        }

        // Appends, a snapshot, a clear and a new life all work on the upgraded rows.
        Assert.Equal(4, await store.WriteAsync(Runtime.Storage.GrainStateWrite.Append(terminal, 3, [new Runtime.Storage.JournalRecord("t1-4", "k", [4])]), CancellationToken.None));
        read = await store.ReadStateWithTailAsync(terminal, CancellationToken.None);
        Assert.Equal(new byte[] { 0x0a, 0x0b, 0x0c }, read!.Payload);
        Assert.Equal(["t1-2", "t1-3", "t1-4"], read.Tail.Select(r => r.RecordId));

        Assert.Equal(5, await store.WriteAsync(new Runtime.Storage.GrainStateWrite(terminal, 4, [0x0d], []), CancellationToken.None));
        read = await store.ReadStateWithTailAsync(terminal, CancellationToken.None);
        Assert.Equal((5L, 5L), (read!.Version, read.SnapshotVersion));
        Assert.Equal(new byte[] { 0x0d }, read.Payload);
        Assert.Empty(read.Tail);

        await store.ClearAsync(plain, 5, CancellationToken.None);
        Assert.Null(await store.ReadAsync(plain, CancellationToken.None));
        Assert.Equal(1, await store.WriteAsync(new Runtime.Storage.GrainStateWrite(plain, 0, [0x06], []), CancellationToken.None));
        Assert.Equal(new byte[] { 0x06 }, (await store.ReadAsync(plain, CancellationToken.None))!.Payload);
    }

    [Fact]
    public async Task A_journal_of_the_third_schema_is_rebuilt_with_its_rows_its_sequence_mark_and_its_ids_still_refused()
    {
        // A file as the third schema left it: a terminal with a snapshot and a tail of two, and a record of another
        // grain deleted since, so the AUTOINCREMENT mark (4) is above the journal's largest sequence (3).
        var (directory, path) = CreateDatabase("v3", SqliteMigrations.All[0].Sql + SqliteMigrations.All[1].Sql + SqliteMigrations.All[2].Sql + """
            CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT;
            INSERT INTO schema_migrations VALUES (1, 'one', 0), (2, 'two', 0), (3, 'three', 0);
            INSERT INTO grain_state (grain_type, grain_key, version, updated_at, snapshot_version, journal_floor)
                VALUES ('terminal', 't1', 3, 0, 1, 0);
            INSERT INTO grain_snapshot (grain_type, grain_key, payload) VALUES ('terminal', 't1', x'0a');
            INSERT INTO journal (grain_type, grain_key, record_id, kind, payload, written_at, grain_version) VALUES
                ('terminal', 't1', 't1-1', 'k', x'01', 0, 1),
                ('terminal', 't1', 't1-2', 'k', x'02', 0, 2),
                ('terminal', 't1', 't1-3', 'k', x'03', 0, 3),
                ('other', 'o1', 'gone', 'k', x'04', 0, 1);
            DELETE FROM journal WHERE record_id = 'gone';
            """);

        await using var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = directory }, CancellationToken.None);
        var terminal = new Runtime.GrainId("terminal", "t1");
        var read = await store.ReadStateWithTailAsync(terminal, CancellationToken.None);
        Assert.Equal((3L, 1L), (read!.Version, read.SnapshotVersion));
        Assert.Equal(["t1-2", "t1-3"], read.Tail.Select(r => r.RecordId));

        // Every earlier row is still checked: its id is refused again, by a record of any grain.
        await Assert.ThrowsAsync<Runtime.Storage.DuplicateJournalRecordException>(() =>
            store.WriteAsync(Runtime.Storage.GrainStateWrite.Append(terminal, 3, [new Runtime.Storage.JournalRecord("t1-1", "k", [9])]), CancellationToken.None));
        await Assert.ThrowsAsync<Runtime.Storage.DuplicateJournalRecordException>(() =>
            store.WriteAsync(new Runtime.Storage.GrainStateWrite(new Runtime.GrainId("other", "o2"), 0, [1], [new Runtime.Storage.JournalRecord("t1-3", "k", [9])]), CancellationToken.None));

        // The next record takes the sequence after the old mark, not after the largest row: cursors never see a reuse.
        Assert.Equal(4, await store.WriteAsync(Runtime.Storage.GrainStateWrite.Append(terminal, 3, [new Runtime.Storage.JournalRecord("t1-4", "k", [4])]), CancellationToken.None));
        var all = await Page(store, 0, 100);
        Assert.Equal([(1L, "t1-1"), (2L, "t1-2"), (3L, "t1-3"), (5L, "t1-4")], all.Select(r => (r.Sequence, r.RecordId)));
        Assert.Equal(new byte[] { 0x02 }, all[1].Payload);

        using (var connection = SqliteSideConnection.Open(path))
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT sql FROM sqlite_master WHERE name = 'journal_record_id_unique';";
            Assert.EndsWith("WHERE id_checked = 1", (string)command.ExecuteScalar()!, StringComparison.Ordinal);
            Assert.Equal("ok", SqliteSideConnection.Scalar(connection, "PRAGMA integrity_check;"));
        }
    }

    [Fact]
    public async Task A_journal_of_the_fourth_schema_is_chained_per_grain_and_read_without_its_grain_index()
    {
        // A file as the fourth schema left it, records of three grains interleaved: a terminal with a snapshot at
        // version 1 and a tail of two; a grain cleared since (records, no version row); a grain in its second life
        // (floor 4: its first life's records are not its tail).
        var (directory, path) = CreateDatabase("v4", string.Concat(SqliteMigrations.All.Take(4).Select(m => m.Sql)) + """
            CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT;
            INSERT INTO schema_migrations VALUES (1, 'one', 0), (2, 'two', 0), (3, 'three', 0), (4, 'four', 0);
            INSERT INTO grain_state (grain_type, grain_key, version, updated_at, snapshot_version, journal_floor)
                VALUES ('terminal', 't1', 3, 0, 1, 0), ('reborn', 'r1', 2, 0, 1, 4);
            INSERT INTO grain_snapshot (grain_type, grain_key, payload) VALUES ('terminal', 't1', x'0a'), ('reborn', 'r1', x'0b');
            INSERT INTO journal (grain_type, grain_key, record_id, kind, payload, written_at, grain_version) VALUES
                ('terminal', 't1', 't1-1', 'k', x'01', 0, 1),
                ('cleared', 'c1', 'c1-1', 'k', x'02', 0, 1),
                ('reborn', 'r1', 'r1-old', 'k', x'03', 0, 2),
                ('cleared', 'c1', 'c1-2', 'k', x'04', 0, 2),
                ('terminal', 't1', 't1-2', 'k', x'05', 0, 2),
                ('reborn', 'r1', 'r1-new', 'k', x'06', 0, 2),
                ('terminal', 't1', 't1-3', 'k', x'07', 0, 3);
            """);

        await using var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = directory }, CancellationToken.None);
        var terminal = new Runtime.GrainId("terminal", "t1");
        var cleared = new Runtime.GrainId("cleared", "c1");
        var reborn = new Runtime.GrainId("reborn", "r1");

        using (var connection = SqliteSideConnection.Open(path))
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT group_concat(sequence || '<' || grain_previous, ',') FROM (SELECT sequence, grain_previous FROM journal ORDER BY sequence);";
            Assert.Equal("1<0,2<0,3<0,4<2,5<1,6<3,7<5", (string)command.ExecuteScalar()!);
            command.CommandText = "SELECT group_concat(grain_key || ':' || journal_head, ',') FROM (SELECT grain_key, journal_head FROM grain_state ORDER BY grain_key);";
            Assert.Equal("r1:6,t1:7", (string)command.ExecuteScalar()!);
            command.CommandText = "SELECT group_concat(grain_key || ':' || journal_head, ',') FROM cleared_journal_head;";
            Assert.Equal("c1:4", (string)command.ExecuteScalar()!);
            command.CommandText = "SELECT group_concat(name, ',') FROM sqlite_master WHERE type = 'index' AND tbl_name = 'journal';";
            Assert.Equal("journal_record_id_unique", (string)command.ExecuteScalar()!);
        }

        Assert.Equal(["t1-2", "t1-3"], (await store.ReadStateWithTailAsync(terminal, CancellationToken.None))!.Tail.Select(r => r.RecordId));
        Assert.Equal(["r1-new"], (await store.ReadStateWithTailAsync(reborn, CancellationToken.None))!.Tail.Select(r => r.RecordId));
        Assert.Equal(["t1-1", "t1-2", "t1-3"], await RecordIdsOf(store, terminal));
        Assert.Equal(["c1-1", "c1-2"], await RecordIdsOf(store, cleared));
        Assert.Equal(["r1-old", "r1-new"], await RecordIdsOf(store, reborn));

        // Writes link to the migrated chains: an append to the terminal, and a new life of the cleared grain whose
        // tail starts above its old records.
        await store.WriteAsync(Runtime.Storage.GrainStateWrite.Append(terminal, 3, [new Runtime.Storage.JournalRecord("t1-4", "k", [8])]), CancellationToken.None);
        await store.WriteAsync(new Runtime.Storage.GrainStateWrite(cleared, 0, [1], [new Runtime.Storage.JournalRecord("c1-3", "k", [9])]), CancellationToken.None);
        await store.WriteAsync(Runtime.Storage.GrainStateWrite.Append(cleared, 1, [new Runtime.Storage.JournalRecord("c1-4", "k", [10])]), CancellationToken.None);
        Assert.Equal(["t1-2", "t1-3", "t1-4"], (await store.ReadStateWithTailAsync(terminal, CancellationToken.None))!.Tail.Select(r => r.RecordId));
        Assert.Equal(["c1-4"], (await store.ReadStateWithTailAsync(cleared, CancellationToken.None))!.Tail.Select(r => r.RecordId));
        Assert.Equal(["c1-1", "c1-2", "c1-3", "c1-4"], await RecordIdsOf(store, cleared));

        using (var connection = SqliteSideConnection.Open(path))
        {
            Assert.Equal("ok", SqliteSideConnection.Scalar(connection, "PRAGMA integrity_check;"));
        }
    }

    [Fact]
    public async Task A_grains_tail_and_journal_are_read_by_rowid_lookups_never_a_scan_of_the_journal()
    {
        // Without the journal_grain index a plan that scanned the journal would still answer right, in time linear in
        // every record ever written; the chain must be walked by rowid.
        await Store.WriteAsync(new Runtime.Storage.GrainStateWrite(Grain("planned"), 0, [1], [new Runtime.Storage.JournalRecord("p-1", "k", [1])]), CancellationToken.None);
        using var connection = SqliteSideConnection.Open(Store.DatabasePath);
        foreach (var sql in new[] { SqliteStore.TailSql, SqliteStore.GrainJournalSql })
        {
            using var command = connection.CreateCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + sql;
            foreach (var name in new[] { "$head", "$floor", "$snapshot", "$type", "$key" })
            {
                if (sql.Contains(name, StringComparison.Ordinal))
                {
                    command.Parameters.AddWithValue(name, name is "$type" or "$key" ? "x" : 1L);
                }
            }

            var steps = new List<string>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    steps.Add(reader.GetString(3));
                }
            }

            Assert.Contains(steps, step => step.StartsWith("SEARCH j USING INTEGER PRIMARY KEY", StringComparison.Ordinal));
            Assert.Contains(steps, step => step.StartsWith("SEARCH journal USING INTEGER PRIMARY KEY", StringComparison.Ordinal));
            Assert.DoesNotContain(steps, step => step.StartsWith("SCAN journal", StringComparison.Ordinal) || step.StartsWith("SCAN j ", StringComparison.Ordinal) || step == "SCAN j");
        }
    }

    [Fact]
    public async Task Records_their_grain_dedupes_stay_out_of_the_store_wide_id_check_and_the_others_stay_in_it()
    {
        var first = Grain("deduper-1");
        var second = Grain("deduper-2");
        await Store.WriteAsync(new Runtime.Storage.GrainStateWrite(first, 0, [1], [new Runtime.Storage.JournalRecord("sale-1", "k", [1], DedupedByGrain: true)]), CancellationToken.None);

        // The store leaves these to their grains: the same id again, from another grain and in one write, is written.
        await Store.WriteAsync(
            new Runtime.Storage.GrainStateWrite(
                second, 0, [1], [new Runtime.Storage.JournalRecord("sale-1", "k", [2], DedupedByGrain: true), new Runtime.Storage.JournalRecord("sale-1", "k", [3], DedupedByGrain: true)]),
            CancellationToken.None);

        // A checked record is refused only by checked ones, as before.
        Assert.Equal(2, await Store.WriteAsync(Runtime.Storage.GrainStateWrite.Append(first, 1, [new Runtime.Storage.JournalRecord("sale-1", "k", [4])]), CancellationToken.None));
        var refused = await Assert.ThrowsAsync<Runtime.Storage.DuplicateJournalRecordException>(() =>
            Store.WriteAsync(Runtime.Storage.GrainStateWrite.Append(second, 1, [new Runtime.Storage.JournalRecord("sale-1", "k", [5])]), CancellationToken.None));
        Assert.Equal("sale-1", refused.RecordId);

        using var connection = SqliteSideConnection.Open(Store.DatabasePath);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT group_concat(hex(payload) || ':' || id_checked, ',') FROM (SELECT payload, id_checked FROM journal WHERE record_id = 'sale-1' ORDER BY sequence);";
        Assert.Equal("01:0,02:0,03:0,04:1", (string)command.ExecuteScalar()!);
    }

    [Fact]
    public async Task Appends_move_only_the_version_and_leave_the_snapshot_row_as_written()
    {
        // SQLite rewrites a whole row on any update: a snapshot kept in the version row would be copied by every append.
        var grain = Grain("big");
        var snapshot = Enumerable.Range(0, 200_000).Select(i => (byte)i).ToArray();
        await Store.WriteAsync(new Runtime.Storage.GrainStateWrite(grain, 0, snapshot, []), CancellationToken.None);
        for (var v = 1; v <= 3; v++)
        {
            await Store.WriteAsync(Runtime.Storage.GrainStateWrite.Append(grain, v, [new Runtime.Storage.JournalRecord(Guid.NewGuid().ToString("N"), "k", [1])]), CancellationToken.None);
        }

        using (var connection = SqliteSideConnection.Open(Store.DatabasePath))
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT length(p.payload), s.version FROM grain_state s JOIN grain_snapshot p USING (grain_type, grain_key) WHERE s.grain_type = $type AND s.grain_key = $key;";
            command.Parameters.AddWithValue("$type", grain.Type);
            command.Parameters.AddWithValue("$key", grain.Key);
            using var reader = command.ExecuteReader();
            Assert.True(reader.Read());
            Assert.Equal((200_000L, 4L), (reader.GetInt64(0), reader.GetInt64(1)));
        }

        var read = await Store.ReadStateWithTailAsync(grain, CancellationToken.None);
        Assert.Equal(snapshot, read!.Payload);
        Assert.Equal(3, read.Tail.Count);
    }

    [Fact]
    public async Task Open_refuses_a_database_migrated_by_a_newer_build()
    {
        using (var connection = SqliteSideConnection.Open(Store.DatabasePath))
        {
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 0);";
            command.ExecuteNonQuery();
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => OpenStoreAsync(256));
    }
}
