using AcquirerEngine.Cluster.Placement;
using AcquirerEngine.Cluster.Routing;
using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.InMemory;
using AcquirerEngine.Runtime.Storage;
using AcquirerEngine.Runtime.Time;

namespace AcquirerEngine.Cluster.Tests.Routing;

/// <summary>One node's runtime as its shards leave and come back (no database: the handler is driven by the test).</summary>
public sealed class RuntimeShardOwnershipHandlerTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_shard_that_comes_back_runs_its_reminders_as_the_table_holds_them_not_as_this_node_left_them(bool lost)
    {
        var clock = new SimulatedTimeProvider(Start) { QuiescenceTimeout = TimeSpan.FromSeconds(60) };
        var table = new InMemoryReminderTable();
        var ticks = new ChimeTicks();
        var shardMap = new ShardMap(4);
        var placement = new ServedShards(shardMap);
        var runtime = new GrainRuntimeBuilder()
            .UseStorage(new InMemoryGrainStorage(clock))
            .UseReminderTable(table)
            .UseTimeProvider(clock)
            .AddGrain<IChimeGrain, ChimeGrain>("chime", () => new ChimeGrain(ticks))
            .Build();
        runtime.UsePlacement(placement, new NoNetwork());
        await using (runtime)
        {
            await runtime.StartAsync(CancellationToken.None).WaitAsync(Guard);
            var handler = new RuntimeShardOwnershipHandler(runtime, shardMap);
            var grainId = new GrainId("chime", "m1");
            var shard = shardMap.ShardOf(grainId);
            await runtime.GrainFactory.GetGrain<IChimeGrain>("m1").RegisterAsync("daily", Hour, Day).WaitAsync(Guard);

            // The shard leaves before its tick: ClusterNode stops serving it, then tells the handler.
            placement.Stop(shard);
            await (lost
                ? handler.ShardLostAsync(new HeldLease(shard, 1), CancellationToken.None)
                : handler.ShardReleasingAsync(new HeldLease(shard, 1), CancellationToken.None)).WaitAsync(Guard);

            // Its next owner ran the grain, which moved its reminder an hour later; then that owner died or left.
            await table.UpsertAsync(new ReminderEntry(grainId, "daily", Start + (2 * Hour), Day, Start + (2 * Hour)), CancellationToken.None);

            // The shard comes back here (served first, then the handler, as ClusterNode does).
            placement.Serve(shard);
            await handler.ShardAcquiredAsync(new HeldLease(shard, 3), CancellationToken.None).WaitAsync(Guard);
            await clock.AdvanceAsync(3 * Hour).WaitAsync(Guard);

            // The table's schedule, not this node's old copy of it (which would tick at +1h and overwrite the table).
            Assert.Equal([("m1", "daily", Start + (2 * Hour))], ticks.All);
            Assert.Equal(Start + (2 * Hour) + Day, (await table.ReadAsync(grainId, "daily", CancellationToken.None))?.NextDue);
        }
    }
}
