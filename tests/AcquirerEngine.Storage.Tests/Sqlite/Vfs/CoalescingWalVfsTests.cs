using System.Security.Cryptography;
using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Storage;
using AcquirerEngine.Storage.Sqlite;
using AcquirerEngine.Storage.Sqlite.Vfs;
using AcquirerEngine.Testing;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace AcquirerEngine.Storage.Tests.Sqlite.Vfs;

/// <summary>
/// The writer's WAL through the coalescing VFS: far fewer write calls, and every commit in the file, readable by
/// connections without the shim, as soon as it returns.
/// </summary>
[Collection(WalWriteCountingCollection.Name)]
public sealed class CoalescingWalVfsTests : IDisposable
{
    private const string GrainType = "vfs-test";
    private const int PayloadBytes = 2_000;

    private readonly TemporaryDirectory _directory = new();
    private readonly ITestOutputHelper _output;

    public CoalescingWalVfsTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Commits_reach_the_wal_in_far_fewer_write_calls_than_sqlite_makes()
    {
        var written = new Dictionary<GrainId, byte[]>();
        await using var store = await OpenAsync(coalesce: true);
        var takenBefore = CoalescedWalFile.WritesTaken;
        var issuedBefore = CoalescedWalFile.WritesIssued;

        // 40 grains written together, five times: each commit holds dozens of pages, and SQLite writes a page's frame
        // in two calls (header, page).
        for (var round = 0; round < 5; round++)
        {
            await GrainRounds.WriteAsync(store, GrainType, round, PayloadBytes, written);
        }

        var taken = CoalescedWalFile.WritesTaken - takenBefore;
        var issued = CoalescedWalFile.WritesIssued - issuedBefore;
        _output.WriteLine($"{taken} writes from SQLite, {issued} to the file");
        Assert.True(taken >= 200, $"SQLite made only {taken} WAL writes through the shim; the writer does not use it");
        Assert.True(issued * 8 <= taken, $"{taken} writes from SQLite reached the WAL in {issued} calls: they were not coalesced");
        await GrainRounds.AssertHoldsAsync(store, written);
    }

    [Fact]
    public async Task Without_coalescing_the_wal_is_written_by_sqlite_alone()
    {
        var written = new Dictionary<GrainId, byte[]>();
        await using var store = await OpenAsync(coalesce: false);
        var takenBefore = CoalescedWalFile.WritesTaken;
        await GrainRounds.WriteAsync(store, GrainType, 0, PayloadBytes, written);

        Assert.Equal(takenBefore, CoalescedWalFile.WritesTaken);
        await GrainRounds.AssertHoldsAsync(store, written);
    }

    [Fact]
    public async Task Every_commit_is_read_by_other_connections_when_it_returns_and_survives_a_reopen()
    {
        var seed = Environment.TickCount;
        _output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var written = new Dictionary<GrainId, byte[]>();
        var versions = new Dictionary<GrainId, long>();

        await using (var store = await OpenAsync(coalesce: true))
        {
            for (var i = 0; i < 60; i++)
            {
                // Small states, states past the 124 KiB piece the shim hands the real VFS at once, and one commit past
                // the shim's 8 MiB buffer, which reaches the file before the commit ends.
                var size = i == 30 ? CoalescedWalFile.MaxCapacity + 1_000_000 : random.Next(3) switch
                {
                    0 => random.Next(1, 4_096),
                    1 => random.Next(4_096, 40_000),
                    _ => random.Next(120_000, 400_000),
                };
                var grain = new GrainId("vfs-test", $"g{random.Next(8)}");
                var payload = RandomNumberGenerator.GetBytes(size);
                var version = versions.GetValueOrDefault(grain);
                versions[grain] = await store.WriteAsync(new GrainStateWrite(grain, version, payload, []), CancellationToken.None);
                written[grain] = payload;

                // Read on a reader connection, which opens the WAL through the default VFS: the commit is in the file.
                var read = await store.ReadAsync(grain, CancellationToken.None);
                Assert.NotNull(read);
                Assert.Equal(versions[grain], read.Version);
                Assert.True(payload.AsSpan().SequenceEqual(read.Payload), $"write {i} ({size} bytes) read back different bytes (seed {seed})");
            }
        }

        await using var reopened = await OpenAsync(coalesce: false);
        await GrainRounds.AssertHoldsAsync(reopened, written);
    }

    [Fact]
    public void A_transaction_larger_than_the_page_cache_rewrites_its_own_frames_and_stays_intact()
    {
        CoalescingWalVfs.EnsureRegistered();
        var path = Path.Combine(_directory.Path, "spill.db");
        using (var writer = new SqliteConnection($"Data Source={CoalescingWalVfs.UriFor(path)};Pooling=False"))
        {
            writer.Open();
            SqliteSideConnection.Execute(writer, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA cache_size = 16;");
            SqliteSideConnection.Execute(writer, "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER NOT NULL, b BLOB NOT NULL);");

            // A 16-page cache spills this transaction's pages into the WAL before the commit, and each later update of
            // a spilled page writes that page's frame again within the same transaction.
            using var transaction = writer.BeginTransaction();
            SqliteSideConnection.Execute(writer, "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < 3000) INSERT INTO t SELECT i, 0, randomblob(600) FROM s;", transaction);
            for (var pass = 0; pass < 3; pass++)
            {
                SqliteSideConnection.Execute(writer, "UPDATE t SET n = n + 1;", transaction);
            }

            transaction.Commit();
        }

        using var reader = SqliteSideConnection.Open(path);
        Assert.Equal("ok", SqliteSideConnection.Scalar(reader, "PRAGMA integrity_check;"));
        Assert.Equal(9_000L, SqliteSideConnection.Scalar(reader, "SELECT sum(n) FROM t;"));
        Assert.Equal(3_000L * 600, SqliteSideConnection.Scalar(reader, "SELECT sum(length(b)) FROM t;"));
    }

    [Fact]
    public void The_uri_escapes_what_a_sqlite_uri_gives_a_meaning_to()
    {
        Assert.Equal($"file:/data/x%3Fy%23z%25w b?vfs={CoalescingWalVfs.Name}", CoalescingWalVfs.UriFor("/data/x?y#z%w b"));
    }

    [Fact]
    public async Task A_backslash_in_a_unix_directory_name_stays_part_of_the_name()
    {
        // On Windows a backslash separates directories; elsewhere it is an ordinary character of a name.
        if (Path.DirectorySeparatorChar != '/')
        {
            return;
        }

        Assert.Equal($"file:/data/a\\b?vfs={CoalescingWalVfs.Name}", CoalescingWalVfs.UriFor("/data/a\\b"));
        var directory = Path.Combine(_directory.Path, "a\\b");
        var written = new Dictionary<GrainId, byte[]>();
        await using (var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = directory }, CancellationToken.None))
        {
            await GrainRounds.WriteAsync(store, GrainType, 0, PayloadBytes, written);
        }

        Assert.True(File.Exists(Path.Combine(directory, "acquirer.db")), "the database was not created in the directory named with a backslash");
        await using var reopened = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = directory, CoalesceWalWrites = false }, CancellationToken.None);
        await GrainRounds.AssertHoldsAsync(reopened, written);
    }

    [Fact]
    public async Task A_data_directory_named_with_uri_characters_opens_through_the_vfs()
    {
        var directory = Path.Combine(_directory.Path, "a b#c?d%e");
        var written = new Dictionary<GrainId, byte[]>();
        await using (var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = directory }, CancellationToken.None))
        {
            await GrainRounds.WriteAsync(store, GrainType, 0, PayloadBytes, written);
            Assert.Equal(Path.Combine(directory, "acquirer.db"), store.DatabasePath);
        }

        Assert.True(File.Exists(Path.Combine(directory, "acquirer.db")), "the database was not created in the named directory");
        await using var reopened = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = directory, CoalesceWalWrites = false }, CancellationToken.None);
        await GrainRounds.AssertHoldsAsync(reopened, written);
    }

    private Task<SqliteStore> OpenAsync(bool coalesce) =>
        SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = _directory.Path, CoalesceWalWrites = coalesce }, CancellationToken.None);
}
