using System.Text.Json;
using AcquirerEngine.Runtime.Storage;
using AcquirerEngine.Runtime.Tests.TestGrains;

namespace AcquirerEngine.Runtime.Tests;

public sealed class JournaledGrainTests
{
    private static readonly GrainId Id = new("journaled", "j1");

    [Fact]
    public async Task Appends_store_only_records_and_every_SnapshotEvery_th_write_stores_the_full_state()
    {
        await using var host = await TestHost.StartAsync(o => o.SnapshotEvery = 4);
        var grain = host.Grains.GetGrain<IJournaledListGrain>("j1");
        for (var i = 1; i <= 10; i++)
        {
            await Wait.Bounded(grain.Append(i, "r" + i));
        }

        // Writes 1, 5 and 9 are snapshots; 10 is an append on top of the snapshot of write 9.
        var stored = await host.Storage.ReadStateWithTailAsync(Id, CancellationToken.None);
        Assert.Equal(10, stored!.Version);
        Assert.Equal(9, stored.SnapshotVersion);
        Assert.Equal(Enumerable.Range(1, 9), JsonSerializer.Deserialize<JournaledListState>(stored.Payload)!.Entries);
        Assert.Equal(["r10"], stored.Tail.Select(r => r.RecordId));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task A_reactivated_grain_replays_its_tail_and_equals_the_grain_that_wrote_it(int seed)
    {
        var random = new Random(seed);
        await using var first = await TestHost.StartAsync(o => o.SnapshotEvery = random.Next(1, 9));
        var grain = first.Grains.GetGrain<IJournaledListGrain>("j1");
        var writes = random.Next(1, 40);
        for (var i = 0; i < writes; i++)
        {
            if (random.Next(5) == 0)
            {
                await Wait.Bounded(grain.Acknowledge(i));
            }
            else
            {
                await Wait.Bounded(grain.Append(random.Next(-1000, 1000), $"r{i}"));
            }
        }

        var written = await Wait.Bounded(grain.Get());

        // A second process over the same store: no graceful hand-over, just what is durable.
        await using var second = await TestHost.StartAsync(o => o.SnapshotEvery = 3, over: first);
        var rebuilt = await Wait.Bounded(second.Grains.GetGrain<IJournaledListGrain>("j1").Get());
        var expected = JsonSerializer.Serialize(written);
        var actual = JsonSerializer.Serialize(rebuilt);
        Assert.True(expected == actual, $"seed {seed}: rebuilt {actual} differs from written {expected}");
    }

    [Fact]
    public async Task A_reactivated_grain_hears_its_state_is_synchronized_after_the_tail_was_replayed()
    {
        await using var first = await TestHost.StartAsync(o => o.SnapshotEvery = 100);
        var grain = first.Grains.GetGrain<IJournaledListGrain>("j1");
        for (var i = 1; i <= 5; i++)
        {
            await Wait.Bounded(grain.Append(i, "r" + i));
        }

        // Snapshot at write 1, four appends in the tail: the second owner's figures must count all five entries.
        await using var second = await TestHost.StartAsync(o => o.SnapshotEvery = 100, over: first);
        Assert.Equal(5, (await Wait.Bounded(second.Grains.GetGrain<IJournaledListGrain>("j1").Get())).Entries.Count);
        Assert.Equal(2, second.Probe.Events.Count(e => e == "synchronized 5"));
        Assert.Equal("synchronized 5", second.Probe.Events[^1]);
    }

    [Fact]
    public async Task The_version_fence_refuses_a_second_owner_appending_between_snapshots()
    {
        await using var first = await TestHost.StartAsync(o => o.SnapshotEvery = 100);
        var owner = first.Grains.GetGrain<IJournaledListGrain>("j1");
        await Wait.Bounded(owner.Append(1, "a"));
        await Wait.Bounded(owner.Append(2, "b"));

        // A second owner over the same store takes over and appends.
        await using var second = await TestHost.StartAsync(o => o.SnapshotEvery = 100, over: first);
        var usurper = second.Grains.GetGrain<IJournaledListGrain>("j1");
        Assert.Equal(3, await Wait.Bounded(usurper.Append(3, "c")));

        var refused = await Assert.ThrowsAsync<InconsistentStateException>(() => Wait.Bounded(owner.Append(4, "d")));
        Assert.Equal(2, refused.ExpectedVersion);
        Assert.Equal(3, refused.StoredVersion);

        // The refused owner's next call re-reads: it sees the usurper's entry, not its own refused one.
        Assert.Equal([1, 2, 3], (await Wait.Bounded(owner.Get())).Entries);
        var stored = await first.Storage.ReadStateWithTailAsync(Id, CancellationToken.None);
        Assert.Equal(["b", "c"], stored!.Tail.Select(r => r.RecordId));
    }

    [Fact]
    public async Task Bookkeeping_writes_are_snapshots_and_survive_reactivation()
    {
        await using var host = await TestHost.StartAsync(o => o.SnapshotEvery = 50);
        var grain = host.Grains.GetGrain<IJournaledListGrain>("j1");
        await Wait.Bounded(grain.Append(5, "x"));
        await Wait.Bounded(grain.Append(6, "y"));
        await Wait.Bounded(grain.Acknowledge(2));
        await Wait.Bounded(grain.Append(7, "z"));

        var stored = await host.Storage.ReadStateWithTailAsync(Id, CancellationToken.None);
        Assert.Equal(3, stored!.SnapshotVersion);
        Assert.Equal(2, JsonSerializer.Deserialize<JournaledListState>(stored.Payload)!.Acknowledged);

        await using var restarted = await TestHost.StartAsync(over: host);
        var state = await Wait.Bounded(restarted.Grains.GetGrain<IJournaledListGrain>("j1").Get());
        Assert.Equal([5, 6, 7], state.Entries);
        Assert.Equal(2, state.Acknowledged);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public async Task SnapshotEvery_below_one_is_refused(int snapshotEvery)
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => TestHost.StartAsync(o => o.SnapshotEvery = snapshotEvery));
        Assert.Equal("SnapshotEvery", error.ParamName);
    }
}
