using System.Security.Cryptography;
using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Storage;
using AcquirerEngine.Storage.Sqlite;
using AcquirerEngine.Storage.Sqlite.Vfs;
using AcquirerEngine.Testing;
using Microsoft.Data.Sqlite;

namespace AcquirerEngine.Storage.Tests.Sqlite.Vfs;

/// <summary>
/// The store's WAL on a full disk, with the coalescing VFS and without it: a commit whose frames cannot be written
/// fails every write and reminder upsert of its batch (a refusal would fail one write alone; this is not one), leaves nothing of them behind, loses nothing committed before,
/// and the store takes writes again once the disk has room. With the shim the failure surfaces where its buffer
/// reaches the file (the commit's sync, or a write past its largest buffer), without it where SQLite writes a frame:
/// callers must not be able to tell the two apart.
/// </summary>
[Collection(WalWriteCountingCollection.Name)]
public sealed class WalDiskFullTests : IDisposable
{
    private const int SqliteFull = 13;
    private const string GrainType = "vfs-full";
    private const int PayloadBytes = 3_000;

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_batch_whose_commit_finds_the_disk_full_fails_whole_and_the_store_writes_again_when_it_has_room(bool coalesce)
    {
        var committed = new Dictionary<GrainId, byte[]>();
        await using (var store = await OpenAsync(coalesce))
        {
            await GrainRounds.WriteAsync(store, GrainType, 0, PayloadBytes, committed);
            var reminderBefore = Reminder(DateTimeOffset.UnixEpoch.AddDays(1));
            await store.UpsertAsync(reminderBefore, CancellationToken.None);

            var refusedBefore = DiskFullOnFile.Refused;
            using var failures = new StorageFailureCounter();
            var lost = new Dictionary<GrainId, byte[]>();
            Task<long>[] writes;
            Task reminderUpsert;
            using (DiskFullOnFile.For(store.DatabasePath + "-wal"))
            {
                // Queued together, so they share batches: the commit of each fails whole.
                writes = GrainRounds.Queue(store, GrainType, 1, PayloadBytes, lost);
                reminderUpsert = store.UpsertAsync(Reminder(DateTimeOffset.UnixEpoch.AddDays(2)), CancellationToken.None);

                foreach (var write in writes)
                {
                    var failure = await Assert.ThrowsAsync<SqliteException>(() => write);
                    Assert.Equal(SqliteFull, failure.SqliteErrorCode);
                }

                Assert.Equal(SqliteFull, (await Assert.ThrowsAsync<SqliteException>(() => reminderUpsert)).SqliteErrorCode);
            }

            Assert.True(DiskFullOnFile.Refused > refusedBefore, "no write to the WAL was refused: the batch did not reach the full disk");

            // Operators see it: every failed write and the reminder upsert counted, by backend and error.
            Assert.Equal(GrainRounds.Grains + 1, failures.Count("sqlite", nameof(SqliteException)));

            // Nothing of the failed batch, everything from before.
            await GrainRounds.AssertHoldsAsync(store, committed, version: 1);
            Assert.Equal(reminderBefore.NextDue, (await store.ReadAsync(reminderBefore.GrainId, reminderBefore.Name, CancellationToken.None))?.NextDue);
            foreach (var grain in committed.Keys)
            {
                Assert.Single(await store.ReadGrainJournalAsync(grain, CancellationToken.None).ToListAsync());
            }

            // The disk has room again: the same writes, at the same expected versions, commit.
            await GrainRounds.WriteAsync(store, GrainType, 1, PayloadBytes, committed);
            await GrainRounds.AssertHoldsAsync(store, committed, version: 2);
        }

        await using var reopened = await OpenAsync(coalesce: false);
        await GrainRounds.AssertHoldsAsync(reopened, committed, version: 2);
        using var side = SqliteSideConnection.Open(Path.Combine(_directory.Path, "acquirer.db"));
        Assert.Equal("ok", SqliteSideConnection.Scalar(side, "PRAGMA integrity_check;"));
    }

    [Fact]
    public async Task A_commit_past_the_shims_largest_buffer_fails_when_the_buffer_cannot_reach_the_disk_even_if_the_disk_has_room_again_by_the_sync()
    {
        await using var store = await OpenAsync(coalesce: true);
        var grain = new GrainId("vfs-full", "large");
        var first = RandomNumberGenerator.GetBytes(1_000);
        Assert.Equal(1, await store.WriteAsync(new GrainStateWrite(grain, 0, first, []), CancellationToken.None));

        // Larger than the shim holds: its full buffer goes to the file from inside SQLite's frame writes, in pieces of
        // 124 KiB, and the first such piece is refused (the WAL's header before it is 32 bytes); the rest, the frames
        // after it and the sync would reach the disk. A shim that dropped the refused buffer and went on would commit
        // a WAL with a hole in it.
        var large = RandomNumberGenerator.GetBytes(CoalescedWalFile.MaxCapacity + 1_000_000);
        var refusedBefore = DiskFullOnFile.Refused;
        using (DiskFullOnFile.For(store.DatabasePath + "-wal", refusals: 1, smallestRefused: 64 * 1024))
        {
            var failure = await Assert.ThrowsAsync<SqliteException>(() => store.WriteAsync(new GrainStateWrite(grain, 1, large, []), CancellationToken.None));
            Assert.Equal(SqliteFull, failure.SqliteErrorCode);
        }

        Assert.Equal(refusedBefore + 1, DiskFullOnFile.Refused);
        var kept = await store.ReadAsync(grain, CancellationToken.None);
        Assert.NotNull(kept);
        Assert.Equal(1, kept.Version);
        Assert.True(first.AsSpan().SequenceEqual(kept.Payload), "the failed commit changed the committed state");

        Assert.Equal(2, await store.WriteAsync(new GrainStateWrite(grain, 1, large, []), CancellationToken.None));
        var written = await store.ReadAsync(grain, CancellationToken.None);
        Assert.True(large.AsSpan().SequenceEqual(written!.Payload), "the large state written after the disk had room read back different bytes");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_commit_whose_first_wal_write_is_refused_fails_though_the_disk_has_room_again_at_once(bool coalesce)
    {
        await using var store = await OpenAsync(coalesce);
        var grain = new GrainId("vfs-full", "once");
        var first = RandomNumberGenerator.GetBytes(2_000);
        Assert.Equal(1, await store.WriteAsync(new GrainStateWrite(grain, 0, first, []), CancellationToken.None));

        // One refused write, the commit's first (with the shim: its whole buffer at the sync; without: the first
        // frame). Everything after it, the fsync included, succeeds.
        var second = RandomNumberGenerator.GetBytes(20_000);
        using (DiskFullOnFile.For(store.DatabasePath + "-wal", refusals: 1))
        {
            var failure = await Assert.ThrowsAsync<SqliteException>(() => store.WriteAsync(new GrainStateWrite(grain, 1, second, []), CancellationToken.None));
            Assert.Equal(SqliteFull, failure.SqliteErrorCode);
        }

        var kept = await store.ReadAsync(grain, CancellationToken.None);
        Assert.Equal(1, kept!.Version);
        Assert.True(first.AsSpan().SequenceEqual(kept.Payload), "the failed commit changed the committed state");
        Assert.Equal(2, await store.WriteAsync(new GrainStateWrite(grain, 1, second, []), CancellationToken.None));
    }

    private Task<SqliteStore> OpenAsync(bool coalesce) =>
        SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = _directory.Path, CoalesceWalWrites = coalesce }, CancellationToken.None);

    private static ReminderEntry Reminder(DateTimeOffset nextDue) =>
        new(new GrainId("vfs-full", "reminded"), "settle", DateTimeOffset.UnixEpoch, TimeSpan.FromDays(1), nextDue);
}
