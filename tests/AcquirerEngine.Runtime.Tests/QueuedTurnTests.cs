using AcquirerEngine.Runtime.Tests.TestGrains;

namespace AcquirerEngine.Runtime.Tests;

/// <summary>Grain.QueueTurn: work a turn leaves for after its reply runs as a later turn of the same activation.</summary>
public sealed class QueuedTurnTests
{
    [Fact]
    public async Task A_queued_turn_runs_after_the_calls_already_waiting_and_quiescence_waits_for_it()
    {
        await using var host = await TestHost.StartAsync();
        var grain = host.Grains.GetGrain<IQueuedTurnGrain>("q");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = grain.RecordThenQueue("a", gate.Task);
        await Wait.UntilAsync(() => host.Probe.Events.Contains("enter a"), "the first call to run");
        var second = grain.Record("b");
        await Wait.UntilAsync(() => QueuedCount(host) == 1, "the second call to wait behind the first");
        gate.SetResult();

        Assert.True(await Wait.Bounded(first));
        await Wait.Bounded(second);
        await Wait.Bounded(host.Runtime.WaitForQuiescenceAsync(CancellationToken.None));

        Assert.Equal(["enter a", "call a", "call b", "queued a"], host.Probe.Events);
    }

    [Fact]
    public async Task An_activation_that_is_leaving_refuses_the_turn_and_never_runs_it()
    {
        await using var host = await TestHost.StartAsync();
        var grain = host.Grains.GetGrain<IQueuedTurnGrain>("q");

        Assert.False(await Wait.Bounded(grain.DeactivateThenQueue()));
        await Wait.Bounded(host.Runtime.WaitForQuiescenceAsync(CancellationToken.None));

        await Wait.Bounded(grain.Record("on the next activation"));
        await Wait.Bounded(host.Runtime.WaitForQuiescenceAsync(CancellationToken.None));

        Assert.Equal(["call on the next activation"], host.Probe.Events);
    }

    private static int QueuedCount(TestHost host) =>
        host.Runtime.LoadByGrainType().TryGetValue("queued", out var load) ? load.Queued : 0;
}
