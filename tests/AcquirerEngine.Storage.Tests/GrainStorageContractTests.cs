using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Storage.Tests;

/// <summary>
/// The storage contract, once, run against every backend by a subclass. Each test uses its own grain
/// type, so tests sharing a database (PostgreSQL: one per class) never see each other's rows.
/// </summary>
public abstract class GrainStorageContractTests<TStore> : IAsyncLifetime
    where TStore : class, IJournaledGrainStorage, IJournalReader, IReminderTable, IAsyncDisposable
{
    private readonly List<TStore> _opened = [];
    private readonly string _grainType = "t" + Guid.NewGuid().ToString("N");

    protected TStore Store { get; private set; } = null!;

    private static CancellationToken Ct => CancellationToken.None;

    public async Task InitializeAsync()
    {
        await PrepareAsync();
        Store = await OpenAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _opened)
        {
            await store.DisposeAsync();
        }

        await CleanupAsync();
    }

    /// <summary>Opens a store on this test's database (every call: the same database), running migrations.</summary>
    protected abstract Task<TStore> OpenStoreAsync(int maxWriteBatch);

    /// <summary>
    /// Holds the database's write lock from another connection until disposed, so the store's writer
    /// stalls and later writes queue up behind it: they then commit together as one batch.
    /// </summary>
    protected abstract Task<IAsyncDisposable> BlockWritersAsync();

    /// <summary>Number of rows in schema_migrations, read directly from the database.</summary>
    protected abstract Task<long> CountAppliedMigrationsAsync();

    protected virtual Task PrepareAsync() => Task.CompletedTask;

    protected virtual Task CleanupAsync() => Task.CompletedTask;

    protected async Task<TStore> OpenAsync(int maxWriteBatch = 256)
    {
        var store = await OpenStoreAsync(maxWriteBatch);
        _opened.Add(store);
        return store;
    }

    protected GrainId Grain(string key) => new(_grainType, key);

    private static JournalRecord Record(string id, string kind = "test", byte[]? payload = null) =>
        new(id, kind, payload ?? [1, 2, 3]);

    private static string NewId() => Guid.NewGuid().ToString("N");

    /// <summary>A grain's whole journal as the store reads it, in sequence order.</summary>
    protected static async Task<List<StoredJournalRecord>> GrainJournal(TStore store, GrainId grain)
    {
        var result = new List<StoredJournalRecord>();
        await foreach (var record in store.ReadGrainJournalAsync(grain, Ct))
        {
            result.Add(record);
        }

        return result;
    }

    /// <summary>One page of the store-wide journal after <paramref name="after"/>.</summary>
    protected static async Task<List<StoredJournalRecord>> Page(TStore store, long after, int limit)
    {
        var result = new List<StoredJournalRecord>();
        await foreach (var record in store.ReadAllAsync(after, limit, Ct))
        {
            result.Add(record);
        }

        return result;
    }

    private static async Task<long> MaxSequence(TStore store)
    {
        long max = 0;
        while (true)
        {
            var page = await Page(store, max, 1000);
            if (page.Count == 0)
            {
                return max;
            }

            max = page[^1].Sequence;
        }
    }

    [Fact]
    public async Task Read_of_unknown_grain_is_null()
    {
        Assert.Null(await Store.ReadAsync(Grain("nobody"), Ct));
        Assert.Empty(await GrainJournal(Store, Grain("nobody")));
    }

    [Fact]
    public async Task Versions_start_at_one_and_increment_by_one()
    {
        var grain = Grain("a");
        Assert.Equal(1, await Store.WriteAsync(new GrainStateWrite(grain, 0, [10], []), Ct));
        Assert.Equal(2, await Store.WriteAsync(new GrainStateWrite(grain, 1, [20], []), Ct));
        Assert.Equal(3, await Store.WriteAsync(new GrainStateWrite(grain, 2, [30, 31], []), Ct));

        var stored = await Store.ReadAsync(grain, Ct);
        Assert.NotNull(stored);
        Assert.Equal(3, stored.Version);
        Assert.Equal(new byte[] { 30, 31 }, stored.Payload);

        // Another grain of the same type is independent.
        Assert.Null(await Store.ReadAsync(Grain("b"), Ct));
    }

    [Fact]
    public async Task A_write_whose_caller_already_cancelled_is_not_queued_and_writes_nothing()
    {
        var grain = Grain("cancelled");
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        // Not queued (the store has room): the caller hears the cancellation, and the next writer still starts at version 1.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Store.WriteAsync(new GrainStateWrite(grain, 0, [1], [Record(NewId())]), cancelled.Token));

        Assert.Null(await Store.ReadAsync(grain, Ct));
        Assert.Equal(1, await Store.WriteAsync(new GrainStateWrite(grain, 0, [2], [Record(NewId())]), Ct));
    }

    [Fact]
    public async Task Stale_write_is_refused_and_writes_nothing()
    {
        var grain = Grain("stale");
        var first = NewId();
        await Store.WriteAsync(new GrainStateWrite(grain, 0, [1], [Record(first)]), Ct);

        var staleRecord = NewId();
        var again = await Assert.ThrowsAsync<InconsistentStateException>(
            () => Store.WriteAsync(new GrainStateWrite(grain, 0, [2], [Record(staleRecord)]), Ct));
        Assert.Equal(grain, again.GrainId);
        Assert.Equal(0, again.ExpectedVersion);
        Assert.Equal(1, again.StoredVersion);

        var ahead = await Assert.ThrowsAsync<InconsistentStateException>(
            () => Store.WriteAsync(new GrainStateWrite(grain, 5, [3], [Record(staleRecord)]), Ct));
        Assert.Equal(1, ahead.StoredVersion);

        var missing = await Assert.ThrowsAsync<InconsistentStateException>(
            () => Store.WriteAsync(new GrainStateWrite(Grain("never"), 1, [3], [Record(staleRecord)]), Ct));
        Assert.Null(missing.StoredVersion);
        Assert.Null(await Store.ReadAsync(Grain("never"), Ct));

        var stored = await Store.ReadAsync(grain, Ct);
        Assert.Equal(1, stored!.Version);
        Assert.Equal(new byte[] { 1 }, stored.Payload);
        Assert.Equal([first], (await GrainJournal(Store, grain)).Select(r => r.RecordId));
        Assert.Empty(await GrainJournal(Store, Grain("never")));

        // The refused record id was not stored: a correct writer can still use it.
        Assert.Equal(2, await Store.WriteAsync(new GrainStateWrite(grain, 1, [4], [Record(staleRecord)]), Ct));
    }

    [Fact]
    public async Task Concurrent_writers_with_the_same_expected_version_exactly_one_wins()
    {
        var second = await OpenAsync();
        var grain = Grain("race");
        const int rounds = 20;
        long version = 0;
        for (var round = 0; round < rounds; round++)
        {
            using var start = new ManualResetEventSlim();
            var expected = version;
            var attempts = new[] { Store, second }.Select((store, i) => Task.Run(async () =>
            {
                start.Wait();
                try
                {
                    return await store.WriteAsync(
                        new GrainStateWrite(grain, expected, [(byte)round, (byte)i], [Record(NewId())]), Ct);
                }
                catch (InconsistentStateException)
                {
                    return -1L;
                }
            })).ToArray();
            start.Set();
            var results = await Task.WhenAll(attempts);

            Assert.Single(results, r => r == expected + 1);
            Assert.Single(results, r => r == -1);
            version = expected + 1;
        }

        Assert.Equal(rounds, (await Store.ReadAsync(grain, Ct))!.Version);
        Assert.Equal(rounds, (await GrainJournal(second, grain)).Count);
    }

    [Fact]
    public async Task Duplicate_record_id_is_refused_and_the_whole_write_rolled_back()
    {
        var owner = Grain("owner");
        var duplicate = NewId();
        await Store.WriteAsync(new GrainStateWrite(owner, 0, [1], [Record(duplicate)]), Ct);

        // Against a stored record, from another grain, on a first write.
        var other = Grain("other");
        var fresh = NewId();
        var e = await Assert.ThrowsAsync<DuplicateJournalRecordException>(
            () => Store.WriteAsync(new GrainStateWrite(other, 0, [9], [Record(fresh), Record(duplicate)]), Ct));
        Assert.Equal(duplicate, e.RecordId);
        Assert.Null(await Store.ReadAsync(other, Ct));
        Assert.Empty(await GrainJournal(Store, other));

        // Against a stored record, on an update of the same grain.
        e = await Assert.ThrowsAsync<DuplicateJournalRecordException>(
            () => Store.WriteAsync(new GrainStateWrite(owner, 1, [2], [Record(fresh), Record(duplicate)]), Ct));
        Assert.Equal(duplicate, e.RecordId);
        var stored = await Store.ReadAsync(owner, Ct);
        Assert.Equal(1, stored!.Version);
        Assert.Equal(new byte[] { 1 }, stored.Payload);

        // Repeated inside one write.
        var twice = NewId();
        e = await Assert.ThrowsAsync<DuplicateJournalRecordException>(
            () => Store.WriteAsync(new GrainStateWrite(owner, 1, [3], [Record(twice), Record(twice)]), Ct));
        Assert.Equal(twice, e.RecordId);

        Assert.Equal([duplicate], (await GrainJournal(Store, owner)).Select(r => r.RecordId));

        // Nothing of the refused writes was kept: the same grain and fresh id now go through.
        Assert.Equal(1, await Store.WriteAsync(new GrainStateWrite(other, 0, [9], [Record(fresh)]), Ct));
        Assert.Equal(2, await Store.WriteAsync(new GrainStateWrite(owner, 1, [3], [Record(twice)]), Ct));
    }

    [Fact]
    public async Task Journal_reads_back_in_write_order_per_grain_and_globally()
    {
        var baseline = await MaxSequence(Store);
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var a = Grain("a");
        var b = Grain("b");
        await Store.WriteAsync(new GrainStateWrite(a, 0, [0], [Record("a1-" + NewId(), "k1", [1]), Record("a2-" + NewId(), "k2", [2])]), Ct);
        await Store.WriteAsync(new GrainStateWrite(b, 0, [0], [Record("b1-" + NewId(), "k3", [3])]), Ct);
        await Store.WriteAsync(new GrainStateWrite(a, 1, [0], [Record("a3-" + NewId(), "k4", [4])]), Ct);
        await Store.WriteAsync(new GrainStateWrite(a, 2, [0], []), Ct);
        var after = DateTimeOffset.UtcNow.AddSeconds(1);

        var journalA = await GrainJournal(Store, a);
        Assert.Equal(["a1", "a2", "a3"], journalA.Select(r => r.RecordId[..2]));
        Assert.Equal(["k1", "k2", "k4"], journalA.Select(r => r.Kind));
        Assert.Equal([1, 2, 4], journalA.Select(r => (int)r.Payload.Single()));
        Assert.All(journalA, r => Assert.Equal(a, r.GrainId));
        Assert.All(journalA, r => Assert.InRange(r.WrittenAt, before, after));
        Assert.True(journalA.Zip(journalA.Skip(1)).All(p => p.First.Sequence < p.Second.Sequence));

        var all = await Page(Store, baseline, 100);
        Assert.Equal(["a1", "a2", "b1", "a3"], all.Select(r => r.RecordId[..2]));
        Assert.Equal(b, all[2].GrainId);
        Assert.All(all, r => Assert.True(r.Sequence > baseline));

        var first = await Page(Store, baseline, 2);
        Assert.Equal(["a1", "a2"], first.Select(r => r.RecordId[..2]));
        var second = await Page(Store, first[^1].Sequence, 2);
        Assert.Equal(["b1", "a3"], second.Select(r => r.RecordId[..2]));
        Assert.Empty(await Page(Store, second[^1].Sequence, 10));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Page(Store, 0, 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Page(Store, -1, 10));
    }

    [Fact]
    public async Task Clear_removes_state_with_the_version_rule_and_keeps_the_journal()
    {
        var grain = Grain("clear");
        await Store.WriteAsync(new GrainStateWrite(grain, 0, [1], [Record(NewId())]), Ct);
        await Store.WriteAsync(new GrainStateWrite(grain, 1, [2], [Record(NewId())]), Ct);

        var stale = await Assert.ThrowsAsync<InconsistentStateException>(() => Store.ClearAsync(grain, 1, Ct));
        Assert.Equal(2, stale.StoredVersion);
        await Assert.ThrowsAsync<InconsistentStateException>(() => Store.ClearAsync(grain, 0, Ct));
        Assert.Equal(2, (await Store.ReadAsync(grain, Ct))!.Version);

        await Store.ClearAsync(grain, 2, Ct);
        Assert.Null(await Store.ReadAsync(grain, Ct));
        Assert.Equal(2, (await GrainJournal(Store, grain)).Count);

        // Cleared means "nothing stored": the next write names version 0 again.
        await Assert.ThrowsAsync<InconsistentStateException>(() => Store.WriteAsync(new GrainStateWrite(grain, 2, [3], []), Ct));
        Assert.Equal(1, await Store.WriteAsync(new GrainStateWrite(grain, 0, [3], []), Ct));

        // Clearing nothing with version 0 agrees with the store; any other version does not.
        await Store.ClearAsync(Grain("empty"), 0, Ct);
        var missing = await Assert.ThrowsAsync<InconsistentStateException>(() => Store.ClearAsync(Grain("empty"), 3, Ct));
        Assert.Null(missing.StoredVersion);
    }

    [Fact]
    public async Task A_grains_journal_reads_whole_across_clears_and_new_lives_between_other_grains_records()
    {
        var grain = Grain("lives");
        var other = Grain("lives-neighbour");
        await Store.WriteAsync(new GrainStateWrite(grain, 0, [1], [Record("l1-" + NewId()), Record("l2-" + NewId())]), Ct);
        await Store.WriteAsync(new GrainStateWrite(other, 0, [1], [Record("n1-" + NewId())]), Ct);
        await Store.WriteAsync(GrainStateWrite.Append(grain, 1, [Record("l3-" + NewId())]), Ct);
        await Store.ClearAsync(grain, 2, Ct);
        Assert.Equal(["l1", "l2", "l3"], (await GrainJournal(Store, grain)).Select(r => r.RecordId[..2]));

        // A new life without records, then with them, then cleared again: every life's records, in write order.
        await Store.WriteAsync(new GrainStateWrite(grain, 0, [2], []), Ct);
        Assert.Equal(["l1", "l2", "l3"], (await GrainJournal(Store, grain)).Select(r => r.RecordId[..2]));
        await Store.WriteAsync(GrainStateWrite.Append(other, 1, [Record("n2-" + NewId())]), Ct);
        await Store.WriteAsync(GrainStateWrite.Append(grain, 1, [Record("l4-" + NewId())]), Ct);
        await Store.ClearAsync(grain, 2, Ct);
        await Store.WriteAsync(new GrainStateWrite(grain, 0, [3], [Record("l5-" + NewId())]), Ct);
        Assert.Equal(["l1", "l2", "l3", "l4", "l5"], (await GrainJournal(Store, grain)).Select(r => r.RecordId[..2]));
        Assert.Equal(["n1", "n2"], (await GrainJournal(Store, other)).Select(r => r.RecordId[..2]));
        Assert.Empty(await GrainJournal(Store, Grain("lives-never-written")));

        // Only the last life's appends are a tail; its first write was a snapshot.
        await Store.WriteAsync(GrainStateWrite.Append(grain, 1, [Record("l6-" + NewId())]), Ct);
        var read = await Store.ReadStateWithTailAsync(grain, Ct);
        Assert.Equal(new byte[] { 3 }, read!.Payload);
        Assert.Equal(["l6"], read.Tail.Select(r => r.RecordId[..2]));
    }

    [Fact]
    public async Task Reminders_upsert_read_read_all_and_remove()
    {
        var grain = Grain("rem");
        var first = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1234560);
        var daily = new ReminderEntry(grain, "daily", first, TimeSpan.FromDays(1), first.AddDays(1));
        var hourly = new ReminderEntry(Grain("rem2"), "hourly", first, TimeSpan.FromHours(1), first.AddHours(1));

        Assert.Null(await Store.ReadAsync(grain, "daily", Ct));
        await Store.UpsertAsync(daily, Ct);
        await Store.UpsertAsync(hourly, Ct);
        Assert.Equal(daily, await Store.ReadAsync(grain, "daily", Ct));
        Assert.Null(await Store.ReadAsync(grain, "hourly", Ct));

        // Replace, with a non-UTC offset and sub-microsecond ticks: read back as the same UTC instant at microsecond precision.
        var localNext = new DateTimeOffset(2030, 1, 5, 12, 0, 0, TimeSpan.FromHours(2)).AddTicks(15);
        await Store.UpsertAsync(daily with { FirstTick = first.AddTicks(7), NextDue = localNext, Period = TimeSpan.FromTicks(TimeSpan.TicksPerHour + 7) }, Ct);
        var replaced = await Store.ReadAsync(grain, "daily", Ct);
        Assert.NotNull(replaced);
        Assert.Equal(TimeSpan.Zero, replaced.NextDue.Offset);
        Assert.Equal(localNext.UtcDateTime.AddTicks(-5), replaced.NextDue.UtcDateTime);
        Assert.Equal(TimeSpan.FromHours(1), replaced.Period);
        Assert.Equal(first, replaced.FirstTick);

        var mine = (await Store.ReadAllAsync(Ct)).Where(r => r.GrainId.Type == grain.Type).ToList();
        Assert.Equal(2, mine.Count);
        Assert.Equal(["hourly", "daily"], mine.Select(r => r.Name)); // ordered by next_due

        Assert.True(await Store.RemoveAsync(grain, "daily", Ct));
        Assert.False(await Store.RemoveAsync(grain, "daily", Ct));
        Assert.Null(await Store.ReadAsync(grain, "daily", Ct));
        Assert.Single(await Store.ReadAllAsync(Ct), r => r.GrainId.Type == grain.Type);
    }

    [Fact]
    public async Task Reminders_upserted_together_are_all_written_and_a_later_entry_for_the_same_reminder_wins()
    {
        var first = new DateTimeOffset(2030, 3, 1, 0, 30, 0, TimeSpan.Zero);
        var existing = new ReminderEntry(Grain("many-0"), "settlement", first, TimeSpan.FromDays(1), first);
        await Store.UpsertAsync(existing, Ct);
        var batch = Enumerable.Range(0, 300)
            .Select(i => new ReminderEntry(Grain($"many-{i}"), "settlement", first, TimeSpan.FromDays(1), first.AddDays(1).AddMinutes(i)))
            .Append(existing with { NextDue = first.AddDays(2) })
            .ToList();

        var refusals = await Store.UpsertManyAsync(batch, Ct);

        Assert.Equal(batch.Count, refusals.Count);
        Assert.All(refusals, Assert.Null);
        var mine = (await Store.ReadAllAsync(Ct)).Where(r => r.GrainId.Type == Grain("x").Type).ToList();
        Assert.Equal(300, mine.Count);
        Assert.Equal(first.AddDays(2), (await Store.ReadAsync(Grain("many-0"), "settlement", Ct))!.NextDue);
        Assert.Equal(first.AddDays(1).AddMinutes(299), (await Store.ReadAsync(Grain("many-299"), "settlement", Ct))!.NextDue);
        Assert.Empty(await Store.UpsertManyAsync([], Ct));
    }

    [Fact]
    public async Task A_batch_of_reminders_with_one_bad_entry_is_refused_whole_naming_it()
    {
        var due = new DateTimeOffset(2030, 3, 1, 0, 30, 0, TimeSpan.Zero);
        var good = new ReminderEntry(Grain("bad-batch"), "settlement", due, TimeSpan.FromDays(1), due);

        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.UpsertManyAsync([good, good with { Name = "" }], Ct));

        Assert.Equal("name", error.ParamName);
        Assert.Null(await Store.ReadAsync(good.GrainId, "settlement", Ct));
    }

    [Fact]
    public async Task Migrations_are_idempotent_across_opens()
    {
        var migrations = await CountAppliedMigrationsAsync();
        Assert.True(migrations >= 1);
        var grain = Grain("m");
        await Store.WriteAsync(new GrainStateWrite(grain, 0, [7], []), Ct);

        var again = await OpenAsync();
        var concurrent = await Task.WhenAll(OpenAsync(), OpenAsync());
        Assert.Equal(migrations, await CountAppliedMigrationsAsync());
        Assert.Equal(new byte[] { 7 }, (await again.ReadAsync(grain, Ct))!.Payload);
        Assert.Equal(2, await concurrent[0].WriteAsync(new GrainStateWrite(grain, 1, [8], []), Ct));
        Assert.Equal(2, (await concurrent[1].ReadAsync(grain, Ct))!.Version);
    }

    [Fact]
    public async Task Data_survives_close_and_reopen()
    {
        var grain = Grain("durable");
        var recordId = NewId();
        var due = new DateTimeOffset(2031, 6, 1, 0, 0, 0, TimeSpan.Zero);
        await Store.WriteAsync(new GrainStateWrite(grain, 0, [1, 2, 3], [Record(recordId, "kind", [4, 5])]), Ct);
        await Store.UpsertAsync(new ReminderEntry(grain, "r", due, TimeSpan.FromMinutes(5), due), Ct);
        await Store.DisposeAsync();
        await Store.DisposeAsync(); // idempotent

        var reopened = await OpenAsync();
        var stored = await reopened.ReadAsync(grain, Ct);
        Assert.Equal(new StoredGrainState([1, 2, 3], 1), stored, new StoredStateComparer());
        var journal = Assert.Single(await GrainJournal(reopened, grain));
        Assert.Equal(recordId, journal.RecordId);
        Assert.Equal("kind", journal.Kind);
        Assert.Equal(new byte[] { 4, 5 }, journal.Payload);
        Assert.Equal(new ReminderEntry(grain, "r", due, TimeSpan.FromMinutes(5), due), await reopened.ReadAsync(grain, "r", Ct));
        Assert.Equal(2, await reopened.WriteAsync(new GrainStateWrite(grain, 1, [9], []), Ct));
    }

    [Fact]
    public async Task Payload_bytes_round_trip_exactly()
    {
        var every = Enumerable.Range(0, 256).Select(i => (byte)i).Concat(new byte[] { 0, 0, 0 }).ToArray();
        var large = new byte[1 << 20];
        new Random(42).NextBytes(large);
        large[0] = 0;
        large[^1] = 0;

        long version = 0;
        foreach (var payload in new[] { every, [], [0], large })
        {
            var grain = Grain("bytes");
            var id = NewId();
            version = await Store.WriteAsync(new GrainStateWrite(grain, version, payload, [new JournalRecord(id, "bin", payload)]), Ct);
            var stored = await Store.ReadAsync(grain, Ct);
            Assert.Equal(payload, stored!.Payload);
            var record = (await GrainJournal(Store, grain)).Single(r => r.RecordId == id);
            Assert.Equal(payload, record.Payload);
        }
    }

    [Fact]
    public async Task Invalid_arguments_are_refused()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.WriteAsync(new GrainStateWrite(Grain("x"), -1, [], []), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.WriteAsync(new GrainStateWrite(default, 0, [], []), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.WriteAsync(new GrainStateWrite(Grain("x"), 0, [], [new JournalRecord("", "k", [])]), Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ClearAsync(Grain("x"), -1, Ct));
        Assert.Null(await Store.ReadAsync(Grain("x"), Ct));
    }

    [Fact]
    public async Task Many_concurrent_writers_of_different_grains_are_all_durable_and_readable()
    {
        const int grains = 64;
        const int writesPerGrain = 5;
        var ids = new string[grains, writesPerGrain];
        var writers = Enumerable.Range(0, grains).Select(g => Task.Run(async () =>
        {
            long version = 0;
            for (var w = 0; w < writesPerGrain; w++)
            {
                ids[g, w] = NewId();
                version = await Store.WriteAsync(new GrainStateWrite(Grain("many" + g), version, [(byte)g, (byte)w], [Record(ids[g, w])]), Ct);
                Assert.Equal(w + 1, version);
            }
        })).ToArray();
        await Task.WhenAll(writers);

        // Read back through a second store: what the callers were told is what the database holds.
        var reader = await OpenAsync();
        for (var g = 0; g < grains; g++)
        {
            var stored = await reader.ReadAsync(Grain("many" + g), Ct);
            Assert.Equal(writesPerGrain, stored!.Version);
            Assert.Equal(new byte[] { (byte)g, writesPerGrain - 1 }, stored.Payload);
            Assert.Equal(
                Enumerable.Range(0, writesPerGrain).Select(w => ids[g, w]),
                (await GrainJournal(reader, Grain("many" + g))).Select(r => r.RecordId));
        }
    }

    [Fact]
    public async Task In_one_batch_a_stale_write_and_a_duplicate_record_fail_only_their_own_callers()
    {
        var stale = Grain("batch-stale");
        var taken = NewId();
        await Store.WriteAsync(new GrainStateWrite(stale, 0, [1], [Record(taken)]), Ct);

        Task<long>[] good;
        Task<long> staleWrite, duplicateWrite, repeatedInBatch, sameGrainSecond;
        var repeatedId = NewId();
        await using (await BlockWritersAsync())
        {
            // The writer stalls on the held lock; everything below queues and commits as one batch.
            good = Enumerable.Range(0, 20)
                .Select(i => Store.WriteAsync(new GrainStateWrite(Grain("batch-good" + i), 0, [(byte)i], [Record(NewId())]), Ct))
                .ToArray();
            staleWrite = Store.WriteAsync(new GrainStateWrite(stale, 0, [2], [Record(NewId())]), Ct);
            duplicateWrite = Store.WriteAsync(new GrainStateWrite(Grain("batch-dup"), 0, [3], [Record(NewId()), Record(taken)]), Ct);

            // The first claim of an id inside the batch wins; the second, from another grain, is the duplicate.
            var firstClaim = Store.WriteAsync(new GrainStateWrite(Grain("batch-claim1"), 0, [4], [Record(repeatedId)]), Ct);
            repeatedInBatch = Store.WriteAsync(new GrainStateWrite(Grain("batch-claim2"), 0, [5], [Record(repeatedId)]), Ct);

            // Two writes of one grain in a batch: the second sees the first's version.
            var sameGrainFirst = Store.WriteAsync(new GrainStateWrite(Grain("batch-twice"), 0, [6], [Record(NewId())]), Ct);
            sameGrainSecond = Store.WriteAsync(new GrainStateWrite(Grain("batch-twice"), 1, [7], [Record(NewId())]), Ct);
            good = [.. good, firstClaim, sameGrainFirst];
            Assert.All(good.Append(staleWrite).Append(duplicateWrite), t => Assert.False(t.IsCompleted));
        }

        Assert.All(await Task.WhenAll(good), v => Assert.Equal(1, v));
        Assert.Equal(2, await sameGrainSecond);
        var staleError = await Assert.ThrowsAsync<InconsistentStateException>(() => staleWrite);
        Assert.Equal(1, staleError.StoredVersion);
        Assert.Equal(taken, (await Assert.ThrowsAsync<DuplicateJournalRecordException>(() => duplicateWrite)).RecordId);
        Assert.Equal(repeatedId, (await Assert.ThrowsAsync<DuplicateJournalRecordException>(() => repeatedInBatch)).RecordId);

        Assert.Equal(new byte[] { 1 }, (await Store.ReadAsync(stale, Ct))!.Payload);
        Assert.Null(await Store.ReadAsync(Grain("batch-dup"), Ct));
        Assert.Null(await Store.ReadAsync(Grain("batch-claim2"), Ct));
        Assert.Empty(await GrainJournal(Store, Grain("batch-dup")));
        Assert.Equal(new byte[] { 7 }, (await Store.ReadAsync(Grain("batch-twice"), Ct))!.Payload);
        Assert.Equal(2, (await GrainJournal(Store, Grain("batch-twice"))).Count);
        Assert.Equal([repeatedId], (await GrainJournal(Store, Grain("batch-claim1"))).Select(r => r.RecordId));
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(new byte[] { (byte)i }, (await Store.ReadAsync(Grain("batch-good" + i), Ct))!.Payload);
        }
    }

    [Fact]
    public async Task One_write_per_batch_still_serves_concurrent_writers_and_refuses_alone()
    {
        var store = await OpenAsync(maxWriteBatch: 1);
        var writes = Enumerable.Range(0, 16)
            .Select(i => store.WriteAsync(new GrainStateWrite(Grain("single" + i), 0, [(byte)i], [Record(NewId())]), Ct))
            .ToArray();
        var stale = store.WriteAsync(new GrainStateWrite(Grain("single0"), 5, [9], []), Ct);

        Assert.All(await Task.WhenAll(writes), v => Assert.Equal(1, v));
        await Assert.ThrowsAsync<InconsistentStateException>(() => stale);
        Assert.Equal(new byte[] { 15 }, (await store.ReadAsync(Grain("single15"), Ct))!.Payload);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task A_write_batch_bound_below_one_is_refused_at_open(int maxWriteBatch)
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => OpenStoreAsync(maxWriteBatch));
        Assert.Contains("MaxWriteBatch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disposing_with_writes_queued_completes_every_caller_and_refuses_later_writes()
    {
        var store = await OpenAsync();
        var writes = Enumerable.Range(0, 200)
            .Select(i => store.WriteAsync(new GrainStateWrite(Grain("closing" + i), 0, [(byte)i], [Record(NewId())]), Ct))
            .ToArray();
        await store.DisposeAsync();

        // Queued before disposal means accepted: each is committed. The guard only turns a hang into a failure.
        var versions = await Task.WhenAll(writes).WaitAsync(TimeSpan.FromMinutes(2));
        Assert.All(versions, v => Assert.Equal(1, v));
        await Assert.ThrowsAsync<ObjectDisposedException>(
            () => store.WriteAsync(new GrainStateWrite(Grain("late"), 0, [1], []), Ct));
        Assert.Equal(1, (await Store.ReadAsync(Grain("closing199"), Ct))!.Version);
    }

    [Fact]
    public async Task Batches_and_refusals_are_counted_on_the_storage_meter()
    {
        var measured = new System.Collections.Concurrent.ConcurrentDictionary<string, double>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "AcquirerEngine.Storage")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => measured.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value));
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => measured.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value));
        listener.Start();

        var grain = Grain("metered");
        await Store.WriteAsync(new GrainStateWrite(grain, 0, [1], [Record(NewId())]), Ct);
        await Assert.ThrowsAsync<InconsistentStateException>(() => Store.WriteAsync(new GrainStateWrite(grain, 0, [1], []), Ct));

        // Other tests run in parallel on the same static meter, so these are lower bounds.
        Assert.True(measured.GetValueOrDefault("acquirer_storage_write_batches") >= 1);
        Assert.True(measured.GetValueOrDefault("acquirer_storage_write_batch_size") >= 1);
        Assert.True(measured.ContainsKey("acquirer_storage_commit_seconds"));
        Assert.True(measured.GetValueOrDefault("acquirer_storage_writes_refused") >= 1);
    }

    [Fact]
    public async Task Appends_keep_the_snapshot_and_read_back_as_its_tail_in_write_order()
    {
        var grain = Grain("journaled");
        var ids = Enumerable.Range(0, 6).Select(_ => NewId()).ToArray();
        Assert.Equal(1, await Store.WriteAsync(new GrainStateWrite(grain, 0, [1], [Record(ids[0])]), Ct));
        Assert.Equal(2, await Store.WriteAsync(GrainStateWrite.Append(grain, 1, [Record(ids[1], "k", [11]), Record(ids[2], "k", [12])]), Ct));
        Assert.Equal(3, await Store.WriteAsync(GrainStateWrite.Append(grain, 2, [Record(ids[3], "k", [13])]), Ct));

        var read = await Store.ReadStateWithTailAsync(grain, Ct);
        Assert.NotNull(read);
        Assert.Equal(new byte[] { 1 }, read.Payload);
        Assert.Equal(3, read.Version);
        Assert.Equal(1, read.SnapshotVersion);
        Assert.Equal([ids[1], ids[2], ids[3]], read.Tail.Select(r => r.RecordId));
        Assert.Equal([11, 12, 13], read.Tail.Select(r => (int)r.Payload.Single()));
        Assert.All(read.Tail, r => Assert.Equal(grain, r.GrainId));

        // The plain read sees the snapshot and the version that fences the next writer.
        var plain = await Store.ReadAsync(grain, Ct);
        Assert.Equal(3, plain!.Version);
        Assert.Equal(new byte[] { 1 }, plain.Payload);

        // A snapshot empties the tail; the next append starts a new one.
        Assert.Equal(4, await Store.WriteAsync(new GrainStateWrite(grain, 3, [4], [Record(ids[4])]), Ct));
        read = await Store.ReadStateWithTailAsync(grain, Ct);
        Assert.Equal((4L, 4L), (read!.Version, read.SnapshotVersion));
        Assert.Equal(new byte[] { 4 }, read.Payload);
        Assert.Empty(read.Tail);
        Assert.Equal(5, await Store.WriteAsync(GrainStateWrite.Append(grain, 4, [Record(ids[5])]), Ct));
        read = await Store.ReadStateWithTailAsync(grain, Ct);
        Assert.Equal([ids[5]], read!.Tail.Select(r => r.RecordId));

        // The journal holds every record either way.
        Assert.Equal(ids, (await GrainJournal(Store, grain)).Select(r => r.RecordId));
        Assert.Null(await Store.ReadStateWithTailAsync(Grain("nobody"), Ct));
    }

    [Fact]
    public async Task Appends_are_fenced_by_the_version_like_full_writes()
    {
        var grain = Grain("append-fence");
        await Store.WriteAsync(new GrainStateWrite(grain, 0, [1], [Record(NewId())]), Ct);
        await Store.WriteAsync(GrainStateWrite.Append(grain, 1, [Record(NewId())]), Ct);

        var refused = NewId();
        var stale = await Assert.ThrowsAsync<InconsistentStateException>(
            () => Store.WriteAsync(GrainStateWrite.Append(grain, 1, [Record(refused)]), Ct));
        Assert.Equal(2, stale.StoredVersion);
        var missing = await Assert.ThrowsAsync<InconsistentStateException>(
            () => Store.WriteAsync(GrainStateWrite.Append(Grain("append-missing"), 1, [Record(refused)]), Ct));
        Assert.Null(missing.StoredVersion);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.WriteAsync(GrainStateWrite.Append(Grain("append-first"), 0, [Record(refused)]), Ct));

        var read = await Store.ReadStateWithTailAsync(grain, Ct);
        Assert.Equal(2, read!.Version);
        Assert.Single(read.Tail);
        Assert.DoesNotContain(refused, (await GrainJournal(Store, grain)).Select(r => r.RecordId));
    }

    [Fact]
    public async Task After_a_clear_the_tail_holds_only_the_new_life()
    {
        var grain = Grain("append-clear");
        await Store.WriteAsync(new GrainStateWrite(grain, 0, [1], [Record(NewId())]), Ct);
        await Store.WriteAsync(GrainStateWrite.Append(grain, 1, [Record(NewId())]), Ct);
        await Store.WriteAsync(GrainStateWrite.Append(grain, 2, [Record(NewId())]), Ct);
        await Store.ClearAsync(grain, 3, Ct);
        Assert.Null(await Store.ReadStateWithTailAsync(grain, Ct));

        // The new life reuses versions 1..3; the old life's appends must not come back as its tail.
        var fresh = NewId();
        await Store.WriteAsync(new GrainStateWrite(grain, 0, [9], [Record(NewId())]), Ct);
        await Store.WriteAsync(GrainStateWrite.Append(grain, 1, [Record(fresh)]), Ct);
        await Store.WriteAsync(GrainStateWrite.Append(grain, 2, []), Ct);
        var read = await Store.ReadStateWithTailAsync(grain, Ct);
        Assert.Equal(new byte[] { 9 }, read!.Payload);
        Assert.Equal(3, read.Version);
        Assert.Equal([fresh], read.Tail.Select(r => r.RecordId));
    }

    [Fact]
    public async Task Snapshots_and_appends_of_one_grain_in_one_batch_leave_the_right_snapshot_and_tail()
    {
        var mixed = Grain("batch-mixed");
        var fresh = Grain("batch-fresh");
        await Store.WriteAsync(new GrainStateWrite(mixed, 0, [1], [Record(NewId())]), Ct);
        var ids = Enumerable.Range(0, 5).Select(_ => NewId()).ToArray();
        Task<long>[] writes;
        await using (await BlockWritersAsync())
        {
            writes =
            [
                Store.WriteAsync(GrainStateWrite.Append(mixed, 1, [Record(ids[0])]), Ct),
                Store.WriteAsync(new GrainStateWrite(mixed, 2, [2], [Record(ids[1])]), Ct),
                Store.WriteAsync(GrainStateWrite.Append(mixed, 3, [Record(ids[2])]), Ct),
                Store.WriteAsync(new GrainStateWrite(fresh, 0, [7], [Record(ids[3])]), Ct),
                Store.WriteAsync(GrainStateWrite.Append(fresh, 1, [Record(ids[4])]), Ct),
            ];
        }

        var versions = await Task.WhenAll(writes);
        Assert.Equal(new long[] { 2, 3, 4, 1, 2 }, versions);
        var read = await Store.ReadStateWithTailAsync(mixed, Ct);
        Assert.Equal((4L, 3L), (read!.Version, read.SnapshotVersion));
        Assert.Equal(new byte[] { 2 }, read.Payload);
        Assert.Equal([ids[2]], read.Tail.Select(r => r.RecordId));
        read = await Store.ReadStateWithTailAsync(fresh, Ct);
        Assert.Equal((2L, 1L), (read!.Version, read.SnapshotVersion));
        Assert.Equal(new byte[] { 7 }, read.Payload);
        Assert.Equal([ids[4]], read.Tail.Select(r => r.RecordId));
    }

    [Fact]
    public async Task Pipelined_writes_of_one_grain_in_one_batch_apply_in_order_each_on_the_version_before()
    {
        var rail = Grain("pipelined-order");
        var pipeline = new WritePipeline();
        await Store.WriteAsync(new GrainStateWrite(rail, 0, [1], [Record(NewId())]) { Pipeline = pipeline }, Ct);
        var ids = Enumerable.Range(0, 50).Select(_ => NewId()).ToArray();
        Task<long>[] writes;
        await using (await BlockWritersAsync())
        {
            // Issued back to back without awaiting, each naming the version the previous will produce.
            writes = [.. ids.Select((id, i) => Store.WriteAsync(GrainStateWrite.Append(rail, i + 1, [Record(id)]) with { Pipeline = pipeline }, Ct))];
            Assert.All(writes, w => Assert.False(w.IsCompleted));
        }

        Assert.Equal(Enumerable.Range(2, 50).Select(v => (long)v), await Task.WhenAll(writes));
        var read = await Store.ReadStateWithTailAsync(rail, Ct);
        Assert.Equal((51L, 1L), (read!.Version, read.SnapshotVersion));
        Assert.Equal(ids, read.Tail.Select(r => r.RecordId));
        Assert.False(pipeline.IsBroken);
    }

    [Fact]
    public async Task A_refused_pipelined_write_refuses_every_later_write_of_its_pipeline_in_the_same_and_later_batches()
    {
        var rail = Grain("pipelined-broken");
        var other = Grain("pipelined-bystander");
        var taken = NewId();
        await Store.WriteAsync(new GrainStateWrite(Grain("pipelined-owner"), 0, [9], [Record(taken)]), Ct);
        var pipeline = new WritePipeline();
        await Store.WriteAsync(new GrainStateWrite(rail, 0, [1], [Record(NewId())]) { Pipeline = pipeline }, Ct);
        Task<long> accepted, refused, behind, bystander;
        await using (await BlockWritersAsync())
        {
            accepted = Store.WriteAsync(GrainStateWrite.Append(rail, 1, [Record(NewId())]) with { Pipeline = pipeline }, Ct);
            refused = Store.WriteAsync(GrainStateWrite.Append(rail, 2, [Record(taken)]) with { Pipeline = pipeline }, Ct);
            behind = Store.WriteAsync(GrainStateWrite.Append(rail, 3, [Record(NewId())]) with { Pipeline = pipeline }, Ct);
            bystander = Store.WriteAsync(new GrainStateWrite(other, 0, [5], [Record(NewId())]), Ct);
        }

        Assert.Equal(2, await accepted);
        Assert.Equal(taken, (await Assert.ThrowsAsync<DuplicateJournalRecordException>(() => refused)).RecordId);
        Assert.Equal(3, (await Assert.ThrowsAsync<EarlierWriteRefusedException>(() => behind)).ExpectedVersion);
        Assert.Equal(1, await bystander);
        Assert.True(pipeline.IsBroken);

        // Even a write naming exactly the version the store holds is refused: it was built on the refused one.
        await Assert.ThrowsAsync<EarlierWriteRefusedException>(() => Store.WriteAsync(GrainStateWrite.Append(rail, 2, [Record(NewId())]) with { Pipeline = pipeline }, Ct));
        var read = await Store.ReadStateWithTailAsync(rail, Ct);
        Assert.Equal(2, read!.Version);
        Assert.Single(read.Tail);

        // A new activation (a new pipeline) reads version 2 and writes on.
        Assert.Equal(3, await Store.WriteAsync(GrainStateWrite.Append(rail, 2, [Record(NewId())]) with { Pipeline = new WritePipeline() }, Ct));
    }

    [Fact]
    public async Task A_pipelined_write_behind_a_stale_one_is_refused_although_another_writer_produced_the_version_it_names()
    {
        var contested = Grain("pipelined-stale");
        await Store.WriteAsync(new GrainStateWrite(contested, 0, [1], [Record(NewId())]), Ct);

        // Another owner moved the grain to version 2; the stale activation still believes version 1.
        await Store.WriteAsync(GrainStateWrite.Append(contested, 1, [Record(NewId())]), Ct);
        var stalePipeline = new WritePipeline();
        Task<long> stale, follower;
        await using (await BlockWritersAsync())
        {
            stale = Store.WriteAsync(GrainStateWrite.Append(contested, 1, [Record(NewId())]) with { Pipeline = stalePipeline }, Ct);
            follower = Store.WriteAsync(GrainStateWrite.Append(contested, 2, [Record(NewId())]) with { Pipeline = stalePipeline }, Ct);
        }

        Assert.Equal(2, (await Assert.ThrowsAsync<InconsistentStateException>(() => stale)).StoredVersion);
        await Assert.ThrowsAsync<EarlierWriteRefusedException>(() => follower);
        Assert.Equal(2, (await Store.ReadAsync(contested, Ct))!.Version);
    }

    [Fact]
    public async Task Two_stores_batching_the_same_new_grain_one_wins_and_their_other_writes_commit()
    {
        var second = await OpenAsync();
        var contested = Grain("contested");
        Task<long>[] firstWrites, secondWrites;
        Task<long> firstContested, secondContested;
        await using (await BlockWritersAsync())
        {
            // Both stores queue a batch behind the held lock; both batches create the contested grain.
            firstWrites = Enumerable.Range(0, 10)
                .Select(i => Store.WriteAsync(new GrainStateWrite(Grain("first" + i), 0, [1], [Record(NewId())]), Ct)).ToArray();
            firstContested = Store.WriteAsync(new GrainStateWrite(contested, 0, [1], [Record(NewId())]), Ct);
            secondWrites = Enumerable.Range(0, 10)
                .Select(i => second.WriteAsync(new GrainStateWrite(Grain("second" + i), 0, [2], [Record(NewId())]), Ct)).ToArray();
            secondContested = second.WriteAsync(new GrainStateWrite(contested, 0, [2], [Record(NewId())]), Ct);
        }

        Assert.All(await Task.WhenAll(firstWrites.Concat(secondWrites)), v => Assert.Equal(1, v));
        var outcomes = await Task.WhenAll(new[] { firstContested, secondContested }.Select(async t =>
        {
            try
            {
                return await t;
            }
            catch (InconsistentStateException e)
            {
                Assert.Equal(1, e.StoredVersion);
                return -1L;
            }
        }));
        Assert.Single(outcomes, v => v == 1);
        Assert.Single(outcomes, v => v == -1);
        var winner = outcomes[0] == 1 ? (byte)1 : (byte)2;
        Assert.Equal(new byte[] { winner }, (await Store.ReadAsync(contested, Ct))!.Payload);
        Assert.Single(await GrainJournal(Store, contested));
    }

    private sealed class StoredStateComparer : IEqualityComparer<StoredGrainState?>
    {
        public bool Equals(StoredGrainState? x, StoredGrainState? y) =>
            x is not null && y is not null && x.Version == y.Version && x.Payload.AsSpan().SequenceEqual(y.Payload);

        public int GetHashCode(StoredGrainState? obj) => obj?.Version.GetHashCode() ?? 0;
    }
}
