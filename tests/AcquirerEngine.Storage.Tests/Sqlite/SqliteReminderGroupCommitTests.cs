using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Storage;
using AcquirerEngine.Storage.Sqlite;
using AcquirerEngine.Testing;
using Microsoft.Data.Sqlite;

namespace AcquirerEngine.Storage.Tests.Sqlite;

/// <summary>
/// Reminder upserts ride in the writer's group-commit transaction: they share a batch's commit with the grain writes
/// queued beside them, are durable when they complete, keep their order, fail with a failed commit, never wait for
/// grain traffic, and are committed (not dropped) by disposal.
/// </summary>
public sealed class SqliteReminderGroupCommitTests : IDisposable
{
    private static readonly DateTimeOffset FirstTick = new(2030, 5, 1, 0, 30, 0, TimeSpan.Zero);
    private static readonly CancellationToken Ct = CancellationToken.None;

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Upserts_queued_between_grain_writes_commit_in_their_batch_and_survive_a_reopen()
    {
        const int Callers = 8;
        var grains = Enumerable.Range(0, Callers).Select(i => new GrainId("merchant", $"m{i}")).ToArray();
        await using (var store = await OpenAsync())
        {
            var before = store.CommittedTransactions;
            var pending = new List<Task>();
            using (await PauseWriterAsync(store))
            {
                // The loop holds a first batch (a plug write) and waits for the lock: every caller below is queued
                // before the lock is released, so at most two batches (two commits) serve the plug and them all.
                for (var i = 0; i < Callers; i++)
                {
                    pending.Add(store.WriteAsync(new GrainStateWrite(grains[i], 0, [(byte)i], []), Ct));
                    pending.Add(store.UpsertManyAsync([Due(grains[i], "settlement", days: i)], Ct));
                }

                Assert.DoesNotContain(pending, task => task.IsCompleted);
            }

            await Task.WhenAll(pending);

            // Before the change each upsert call committed alone: at least 8 more commits than this.
            var commits = store.CommittedTransactions - before;
            Assert.InRange(commits, 1, 2);
        }

        await using var reopened = await OpenAsync();
        for (var i = 0; i < Callers; i++)
        {
            Assert.Equal(1, (await reopened.ReadAsync(grains[i], Ct))!.Version);
            Assert.Equal(Due(grains[i], "settlement", days: i), await reopened.ReadAsync(grains[i], "settlement", Ct));
        }
    }

    [Fact]
    public async Task A_later_upsert_of_the_same_reminder_wins_within_a_call_and_across_calls_of_one_batch()
    {
        var grain = new GrainId("merchant", "order");
        await using var store = await OpenAsync();
        Task first, second;
        using (await PauseWriterAsync(store))
        {
            first = store.UpsertManyAsync([Due(grain, "a", days: 1), Due(grain, "b", days: 5), Due(grain, "a", days: 2)], Ct);
            second = store.UpsertManyAsync([Due(grain, "a", days: 3)], Ct);
        }

        await Task.WhenAll(first, second);

        Assert.Equal(Due(grain, "a", days: 3), await store.ReadAsync(grain, "a", Ct));
        Assert.Equal(Due(grain, "b", days: 5), await store.ReadAsync(grain, "b", Ct));

        // And across batches, one after the other.
        await store.UpsertManyAsync([Due(grain, "a", days: 4)], Ct);
        await store.UpsertManyAsync([Due(grain, "a", days: 0)], Ct);
        Assert.Equal(Due(grain, "a", days: 0), await store.ReadAsync(grain, "a", Ct));
    }

    [Fact]
    public async Task Refused_grain_writes_in_the_batch_leave_the_upserts_committed_once_and_the_refused_writes_undone()
    {
        var stale = new GrainId("merchant", "stale");
        var duplicate = new GrainId("terminal", "dup");
        var good = new GrainId("merchant", "good");
        await using var store = await OpenAsync();
        await store.WriteAsync(new GrainStateWrite(stale, 0, [1], []), Ct);
        await store.WriteAsync(new GrainStateWrite(duplicate, 0, [1], [new JournalRecord("r-1", "k", [1])]), Ct);

        // A lone refused write beside upserts: the partial write (version bumped, then a duplicate record) must not
        // commit with the upserts.
        Task<long> lone;
        Task<IReadOnlyList<FencedWriteException?>> loneUpsert;
        using (await PauseWriterAsync(store))
        {
            lone = store.WriteAsync(GrainStateWrite.Append(duplicate, 1, [new JournalRecord("r-2", "k", [2]), new JournalRecord("r-1", "k", [3])]), Ct);
            loneUpsert = store.UpsertManyAsync([Due(duplicate, "settlement", days: 1)], Ct);
        }

        await Assert.ThrowsAsync<DuplicateJournalRecordException>(() => lone);
        Assert.Equal([null], await loneUpsert);

        // Several writes, one stale: the all-at-once pass rolls back (upserts with it), the pass with savepoints
        // writes the upserts again and commits them with the accepted write.
        Task<long> refused, accepted;
        Task<IReadOnlyList<FencedWriteException?>> upsert;
        using (await PauseWriterAsync(store))
        {
            upsert = store.UpsertManyAsync([Due(stale, "settlement", days: 2), Due(good, "settlement", days: 3)], Ct);
            refused = store.WriteAsync(new GrainStateWrite(stale, 5, [9], []), Ct);
            accepted = store.WriteAsync(new GrainStateWrite(good, 0, [7], []), Ct);
        }

        await Assert.ThrowsAsync<InconsistentStateException>(() => refused);
        Assert.Equal(1, await accepted);
        await upsert;

        var duplicateState = await store.ReadStateWithTailAsync(duplicate, Ct);
        Assert.Equal(1, duplicateState!.Version);
        Assert.Empty(duplicateState.Tail);
        Assert.Equal(new byte[] { 1 }, (await store.ReadAsync(stale, Ct))!.Payload);
        Assert.Equal(Due(duplicate, "settlement", days: 1), await store.ReadAsync(duplicate, "settlement", Ct));
        Assert.Equal(Due(stale, "settlement", days: 2), await store.ReadAsync(stale, "settlement", Ct));
        Assert.Equal(Due(good, "settlement", days: 3), await store.ReadAsync(good, "settlement", Ct));
        Assert.Equal(3, (await store.ReadAllAsync(Ct)).Count);
    }

    [Fact]
    public async Task An_upsert_whose_commit_fails_fails_and_is_not_written_and_the_next_one_commits()
    {
        var grain = new GrainId("merchant", "fail");

        // The writer waits at most about a second for the file's write lock, which another connection holds.
        await using var store = await OpenAsync(TimeSpan.FromMilliseconds(100));
        Task<IReadOnlyList<FencedWriteException?>> upsert;
        Task<long> write;
        using (var blocker = BlockWriters(store))
        {
            using (await store.HoldWriteLockAsync())
            {
                upsert = store.UpsertManyAsync([Due(grain, "settlement", days: 1)], Ct);
                write = store.WriteAsync(new GrainStateWrite(grain, 0, [1], []), Ct);
            }

            var error = await Assert.ThrowsAsync<SqliteException>(() => upsert);
            Assert.Equal(5, error.SqliteErrorCode); // SQLITE_BUSY
            await Assert.ThrowsAsync<SqliteException>(() => write);
        }

        Assert.Null(await store.ReadAsync(grain, "settlement", Ct));
        Assert.Null(await store.ReadAsync(grain, Ct));
        await store.UpsertManyAsync([Due(grain, "settlement", days: 2)], Ct);
        Assert.Equal(Due(grain, "settlement", days: 2), await store.ReadAsync(grain, "settlement", Ct));
    }

    [Fact]
    public async Task An_upsert_with_no_grain_traffic_commits_alone_once_the_write_lock_is_free()
    {
        var grain = new GrainId("merchant", "idle");
        await using var store = await OpenAsync();
        var before = store.CommittedTransactions;

        // Idle store: the queue's own wakeup commits it.
        await store.UpsertManyAsync([Due(grain, "settlement", days: 1)], Ct);
        Assert.Equal(before + 1, store.CommittedTransactions);

        // Behind a held write lock (a checkpoint's), it waits for the lock, not for a grain write.
        Task upsert;
        using (await store.HoldWriteLockAsync())
        {
            upsert = store.UpsertAsync(Due(grain, "settlement", days: 2), Ct);
            await Task.Delay(TimeSpan.FromMilliseconds(50));
            Assert.False(upsert.IsCompleted, "the upsert completed while the write lock was held, before any commit");
        }

        await upsert;
        Assert.Equal(before + 2, store.CommittedTransactions);
        Assert.Equal(Due(grain, "settlement", days: 2), await store.ReadAsync(grain, "settlement", Ct));
    }

    [Fact]
    public async Task Disposal_commits_the_queued_upserts_and_later_ones_are_refused()
    {
        const int Callers = 5;
        var grains = Enumerable.Range(0, Callers).Select(i => new GrainId("merchant", $"d{i}")).ToArray();
        var store = await OpenAsync();
        var pending = new List<Task>();
        Task disposal;
        using (await store.HoldWriteLockAsync())
        {
            pending.AddRange(grains.Select((g, i) => (Task)store.UpsertManyAsync([Due(g, "settlement", days: i)], Ct)));
            disposal = store.DisposeAsync().AsTask();
        }

        await disposal;
        await Task.WhenAll(pending);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => store.UpsertManyAsync([Due(grains[0], "late", days: 9)], Ct));

        await using var reopened = await OpenAsync();
        for (var i = 0; i < Callers; i++)
        {
            Assert.Equal(Due(grains[i], "settlement", days: i), await reopened.ReadAsync(grains[i], "settlement", Ct));
        }

        Assert.Null(await reopened.ReadAsync(grains[0], "late", Ct));
    }

    /// <summary>
    /// Holds the write lock (as a checkpoint does) with the writer loop waiting on it over a first batch of one plug
    /// write, so everything queued before the returned hold is disposed lands together in the next batch.
    /// </summary>
    private static async Task<IDisposable> PauseWriterAsync(SqliteStore store)
    {
        var hold = await store.HoldWriteLockAsync();
        _ = store.WriteAsync(new GrainStateWrite(new GrainId("plug", Guid.NewGuid().ToString("N")), 0, [0], []), Ct);
        while (store.QueuedCommits > 0)
        {
            await Task.Delay(1);
        }

        return hold;
    }

    private static ReminderEntry Due(GrainId grain, string name, int days) =>
        new(grain, name, FirstTick, TimeSpan.FromDays(1), FirstTick.AddDays(days));

    private Task<SqliteStore> OpenAsync(TimeSpan? busyTimeout = null) =>
        SqliteStore.OpenAsync(
            new SqliteStoreOptions { DataDirectory = _directory.Path, BusyTimeout = busyTimeout ?? TimeSpan.FromSeconds(5) },
            Ct);

    /// <summary>Another connection holding the database file's write lock (BEGIN IMMEDIATE) until disposed.</summary>
    private static SqliteConnection BlockWriters(SqliteStore store) => SqliteSideConnection.HoldingWriteLock(store.DatabasePath);
}
