using AcquirerEngine.Runtime.Placement;
using AcquirerEngine.Runtime.Tests.TestGrains;

namespace AcquirerEngine.Runtime.Tests.Placement;

public sealed class GrainPlacementTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    [Fact]
    public async Task A_call_for_a_grain_owned_elsewhere_runs_on_the_owner_and_its_result_comes_back()
    {
        await using var nodes = await TwoNodes.StartAsync();
        nodes.A.Placement.Set("c1", "b");

        var total = await Wait.Bounded(nodes.A.Grains.GetGrain<ICounterGrain>("c1").Add(5));
        total = await Wait.Bounded(nodes.A.Grains.GetGrain<ICounterGrain>("c1").Add(7));

        Assert.Equal(12, total);
        Assert.Equal(0, nodes.A.Probe.Activations);
        Assert.Equal(1, nodes.B.Probe.Activations);
        Assert.Equal(2, nodes.Network.Calls.Count);
        Assert.All(nodes.Network.Calls, c => Assert.Equal(("b", 0), (c.Address, c.Call.Hop)));
    }

    [Fact]
    public async Task A_grain_owned_here_is_called_without_crossing_the_network()
    {
        await using var nodes = await TwoNodes.StartAsync();

        Assert.Equal(3, await Wait.Bounded(nodes.A.Grains.GetGrain<ICounterGrain>("local").Add(3)));

        Assert.Empty(nodes.Network.Calls);
        Assert.Equal(1, nodes.A.Probe.Activations);
    }

    [Fact]
    public async Task A_remote_call_carries_the_callers_earlier_deadline_and_otherwise_the_remote_call_timeout()
    {
        var callerDeadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(7);
        DateTimeOffset? ambient = callerDeadline;
        await using var nodes = await TwoNodes.StartAsync(new GrainPlacementOptions { RemoteCallTimeout = TimeSpan.FromSeconds(30), CallerDeadline = () => ambient });
        nodes.A.Placement.Set("deadline", "b");

        await Wait.Bounded(nodes.A.Grains.GetGrain<ICounterGrain>("deadline").Add(1));
        ambient = null;
        var before = DateTimeOffset.UtcNow;
        await Wait.Bounded(nodes.A.Grains.GetGrain<ICounterGrain>("deadline").Add(1));

        var deadlines = nodes.Network.Calls.Select(c => c.Call.Deadline).ToList();
        Assert.Equal(callerDeadline, deadlines[0]);
        Assert.InRange(deadlines[1]!.Value, before + TimeSpan.FromSeconds(29), DateTimeOffset.UtcNow + TimeSpan.FromSeconds(31));
    }

    [Fact]
    public async Task The_remote_grains_exception_reaches_the_caller()
    {
        await using var nodes = await TwoNodes.StartAsync();
        nodes.A.Placement.Set("thrower", "b");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => Wait.Bounded(nodes.A.Grains.GetGrain<ICounterGrain>("thrower").ThrowAsync("boom on b")));

        Assert.Equal("boom on b", error.Message);
    }

    [Fact]
    public async Task A_node_that_receives_a_call_for_a_grain_it_handed_over_forwards_it_to_the_owner()
    {
        await using var nodes = await TwoNodes.StartAsync();
        nodes.A.Placement.Set("moved", "b"); // a handed it to b; a third node with a stale view still sends it to a
        var add = GrainMethodCatalog.IdOf(typeof(ICounterGrain).GetMethod(nameof(ICounterGrain.Add))!);

        var result = await Wait.Bounded(nodes.A.Runtime.InvokeRemoteCallAsync(
            new RemoteGrainCall(new GrainId("counter", "moved"), add, "[4]"u8.ToArray(), Hop: 0), CancellationToken.None));

        Assert.Equal("4", System.Text.Encoding.UTF8.GetString(result));
        Assert.Equal([("b", 1)], nodes.Network.Calls.Select(c => (c.Address, c.Call.Hop)));
        Assert.Equal(1, nodes.B.Probe.Activations);
        Assert.Equal(0, nodes.A.Probe.Activations);
    }

    [Fact]
    public async Task Views_pointing_at_each_other_end_in_unavailable_after_the_forward_limit()
    {
        await using var nodes = await TwoNodes.StartAsync(new GrainPlacementOptions { MaxForwards = 2 });
        nodes.A.Placement.Set("pingpong", "b");
        nodes.B.Placement.Set("pingpong", "a");

        // a -> b (hop 0), b -> a (hop 1), a -> b (hop 2), b refuses: its forward limit is reached.
        var error = await Assert.ThrowsAsync<GrainUnavailableException>(
            () => Wait.Bounded(nodes.A.Grains.GetGrain<ICounterGrain>("pingpong").Add(1)));

        Assert.Contains("forward limit", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, nodes.A.Probe.Activations + nodes.B.Probe.Activations);
    }

    [Fact]
    public async Task A_call_to_a_shard_between_owners_waits_for_the_new_owner()
    {
        await using var nodes = await TwoNodes.StartAsync(new GrainPlacementOptions { UnownedWait = TimeSpan.FromSeconds(10) });
        nodes.A.Placement.Set("handover", null);

        var call = nodes.A.Grains.GetGrain<ICounterGrain>("handover").Add(2);
        await Task.Delay(100);
        Assert.False(call.IsCompleted);
        nodes.A.Placement.Set("handover", "b");

        Assert.Equal(2, await Wait.Bounded(call));
        Assert.Equal(1, nodes.B.Probe.Activations);
    }

    [Fact]
    public async Task A_call_to_a_shard_nobody_takes_fails_as_unavailable_with_a_retry_hint()
    {
        await using var nodes = await TwoNodes.StartAsync(new GrainPlacementOptions { UnownedWait = TimeSpan.FromMilliseconds(200) });
        nodes.A.Placement.Set("orphan", null);

        var error = await Assert.ThrowsAsync<GrainUnavailableException>(
            () => Wait.Bounded(nodes.A.Grains.GetGrain<ICounterGrain>("orphan").Add(1)));

        Assert.Equal(TimeSpan.FromMilliseconds(200), error.RetryAfter);
        Assert.Equal(0, nodes.A.Probe.Activations + nodes.B.Probe.Activations);
    }

    [Fact]
    public async Task A_call_naming_an_unknown_method_is_refused()
    {
        await using var nodes = await TwoNodes.StartAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => nodes.B.Runtime.InvokeRemoteCallAsync(
            new RemoteGrainCall(new GrainId("counter", "x"), "ICounterGrain.Explode()", "[]"u8.ToArray(), 0), CancellationToken.None));

        Assert.Contains("Unknown grain method", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deactivating_a_shards_grains_leaves_the_others_running()
    {
        await using var nodes = await TwoNodes.StartAsync();
        await Wait.Bounded(nodes.A.Grains.GetGrain<ICounterGrain>("shard1-x").Add(1));
        await Wait.Bounded(nodes.A.Grains.GetGrain<ICounterGrain>("shard2-y").Add(1));

        await Wait.Bounded(nodes.A.Runtime.DeactivateWhereAsync(g => g.Key.StartsWith("shard1", StringComparison.Ordinal), DeactivationReasonCode.ShardHandover, "test"));

        Assert.Equal([(new GrainId("counter", "shard1-x"), DeactivationReasonCode.ShardHandover)], nodes.A.Probe.Deactivations);
        Assert.Equal(1, nodes.A.Runtime.ActiveActivationCount);
    }

    [Fact]
    public async Task A_reminder_moves_with_its_grain_and_each_tick_is_delivered_once()
    {
        await using var nodes = await TwoNodes.StartAsync();
        nodes.B.Placement.Set("r", "a");
        await Wait.Bounded(nodes.A.Grains.GetGrain<IReminderGrain>("r").Register("cutoff", Hour, Day));
        await Wait.Bounded(nodes.Clock.AdvanceAsync(Day)); // first tick on a

        // Hand over: both views now say b; a deactivates the grain, b picks up the reminder from the table.
        nodes.A.Placement.Set("r", "b");
        nodes.B.Placement.Set("r", "b");
        await Wait.Bounded(nodes.A.Runtime.DeactivateWhereAsync(g => g.Key == "r", DeactivationReasonCode.ShardHandover, "moved to b"));
        await Wait.Bounded(nodes.B.Runtime.RefreshRemindersAsync(CancellationToken.None));
        await Wait.Bounded(nodes.Clock.AdvanceAsync(2 * Day));

        Assert.Equal([TestHost.Start + Hour], nodes.A.Probe.ReminderTicks.Select(t => t.Status.CurrentTickTime));
        Assert.Equal(
            [TestHost.Start + Day + Hour, TestHost.Start + (2 * Day) + Hour],
            nodes.B.Probe.ReminderTicks.Select(t => t.Status.CurrentTickTime));
    }

    [Fact]
    public async Task Reminders_forgotten_mid_tick_let_the_tick_finish_but_neither_persist_nor_schedule_it_again()
    {
        await using var nodes = await TwoNodes.StartAsync();
        await Wait.Bounded(nodes.A.Grains.GetGrain<IReminderGrain>("r").Register("cutoff", Hour, Day));
        await Wait.Bounded(nodes.A.Grains.GetGrain<IReminderGrain>("stays").Register("cutoff", Hour, Day));
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        nodes.A.Probe.BeforeReminderTick = async (key, _) =>
        {
            if (key == "r")
            {
                entered.TrySetResult();
                await release.Task;
            }
        };

        // The grain's shard leaves a while its tick is in the turn.
        var firstTick = nodes.Clock.AdvanceAsync(Hour);
        await Wait.Bounded(entered.Task);
        nodes.A.Placement.Set("r", "b");
        nodes.A.Runtime.ForgetRemindersWhere(g => g.Key == "r");
        release.SetResult();
        await Wait.Bounded(firstTick);
        await Wait.Bounded(nodes.Clock.AdvanceAsync(Day));

        // Its next owner delivers from the table, which still shows the tick in the turn (at least once per tick).
        Assert.Equal(TestHost.Start + Hour, (await nodes.Reminders.ReadAsync(new GrainId("reminder", "r"), "cutoff", CancellationToken.None))!.NextDue);
        Assert.Null(nodes.A.Runtime.Reminders.Get(new GrainId("reminder", "r"), "cutoff"));
        Assert.Equal([TestHost.Start + Hour], nodes.A.Probe.ReminderTicks.Where(t => t.Key == "r").Select(t => t.Status.CurrentTickTime));
        Assert.Equal([TestHost.Start + Hour, TestHost.Start + Day + Hour], nodes.A.Probe.ReminderTicks.Where(t => t.Key == "stays").Select(t => t.Status.CurrentTickTime));
    }

    [Fact]
    public async Task Placement_cannot_change_once_the_runtime_runs()
    {
        var runtime = new GrainRuntimeBuilder()
            .UseStorage(new Runtime.InMemory.InMemoryGrainStorage(TimeProvider.System))
            .UseReminderTable(new Runtime.InMemory.InMemoryReminderTable())
            .Build();
        await using (runtime)
        {
            await runtime.StartAsync(CancellationToken.None);

            Assert.Throws<InvalidOperationException>(() => runtime.UsePlacement(new TestPlacement("a"), new LoopbackInvoker()));
        }
    }
}
