using AcquirerEngine.Runtime.InMemory;
using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Runtime.Tests.InMemory;

public sealed class InMemoryGrainStorageTests
{
    private static readonly GrainId A = new("g", "a");
    private static readonly GrainId B = new("g", "b");

    [Fact]
    public async Task Writes_follow_the_version_rule_and_refused_writes_change_nothing()
    {
        var storage = new InMemoryGrainStorage();
        Assert.Null(await storage.ReadAsync(A, CancellationToken.None));

        var ex0 = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(new GrainStateWrite(A, 1, [1], []), CancellationToken.None));
        Assert.Null(ex0.StoredVersion);

        Assert.Equal(1, await storage.WriteAsync(new GrainStateWrite(A, 0, [1], []), CancellationToken.None));
        Assert.Equal(2, await storage.WriteAsync(new GrainStateWrite(A, 1, [2], []), CancellationToken.None));

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(new GrainStateWrite(A, 1, [9], [new JournalRecord("r", "k", [])]), CancellationToken.None));
        Assert.Equal(2, ex.StoredVersion);

        var stored = await storage.ReadAsync(A, CancellationToken.None);
        Assert.Equal(2, stored!.Version);
        Assert.Equal([2], stored.Payload);
        Assert.Empty(await ReadAll(storage));
    }

    [Fact]
    public async Task Journal_record_ids_are_unique_across_grains_and_a_duplicate_refuses_the_whole_write()
    {
        var storage = new InMemoryGrainStorage();
        await storage.WriteAsync(new GrainStateWrite(A, 0, [1], [new JournalRecord("r1", "k", [1]), new JournalRecord("r2", "k", [2])]), CancellationToken.None);

        var dup = await Assert.ThrowsAsync<DuplicateJournalRecordException>(() =>
            storage.WriteAsync(new GrainStateWrite(B, 0, [1], [new JournalRecord("r3", "k", []), new JournalRecord("r1", "k", [])]), CancellationToken.None));
        Assert.Equal("r1", dup.RecordId);
        Assert.Null(await storage.ReadAsync(B, CancellationToken.None));

        await Assert.ThrowsAsync<DuplicateJournalRecordException>(() =>
            storage.WriteAsync(new GrainStateWrite(B, 0, [1], [new JournalRecord("x", "k", []), new JournalRecord("x", "k", [])]), CancellationToken.None));

        await storage.WriteAsync(new GrainStateWrite(B, 0, [1], [new JournalRecord("r3", "k", [3])]), CancellationToken.None);
        var all = await ReadAll(storage);
        Assert.Equal(["r1", "r2", "r3"], all.Select(r => r.RecordId));
        Assert.Equal([1L, 2L, 3L], all.Select(r => r.Sequence));
        Assert.Equal([B], all.Where(r => r.RecordId == "r3").Select(r => r.GrainId));
    }

    [Fact]
    public async Task Records_their_grain_dedupes_are_left_to_it_and_the_others_are_still_refused()
    {
        var storage = new InMemoryGrainStorage();
        await storage.WriteAsync(new GrainStateWrite(A, 0, [1], [new JournalRecord("s", "k", [1], DedupedByGrain: true)]), CancellationToken.None);
        await storage.WriteAsync(
            new GrainStateWrite(B, 0, [1], [new JournalRecord("s", "k", [2], DedupedByGrain: true), new JournalRecord("s", "k", [3], DedupedByGrain: true)]),
            CancellationToken.None);
        await storage.WriteAsync(new GrainStateWrite(A, 1, [2], [new JournalRecord("s", "k", [4])]), CancellationToken.None);

        var refused = await Assert.ThrowsAsync<DuplicateJournalRecordException>(() =>
            storage.WriteAsync(new GrainStateWrite(B, 1, [2], [new JournalRecord("s", "k", [5])]), CancellationToken.None));
        Assert.Equal("s", refused.RecordId);
        Assert.Equal([1, 2, 3, 4], (await ReadAll(storage)).Select(r => (int)r.Payload[0]));
    }

    [Fact]
    public async Task Clear_follows_the_version_rule_and_keeps_the_journal()
    {
        var storage = new InMemoryGrainStorage();
        await storage.WriteAsync(new GrainStateWrite(A, 0, [1], [new JournalRecord("r1", "k", [])]), CancellationToken.None);

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.ClearAsync(A, 0, CancellationToken.None));
        await storage.ClearAsync(A, 1, CancellationToken.None);

        Assert.Null(await storage.ReadAsync(A, CancellationToken.None));
        Assert.Single(await ReadAll(storage));
        Assert.Equal(1, await storage.WriteAsync(new GrainStateWrite(A, 0, [5], []), CancellationToken.None));
    }

    private static async Task<List<StoredJournalRecord>> ReadAll(InMemoryGrainStorage storage)
    {
        var list = new List<StoredJournalRecord>();
        await foreach (var r in storage.ReadAllAsync(0, 100, CancellationToken.None))
        {
            list.Add(r);
        }

        return list;
    }
}
