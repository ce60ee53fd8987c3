using System.Text.Json;
using AcquirerEngine.Runtime.Storage;
using AcquirerEngine.Runtime.Tests.TestGrains;

namespace AcquirerEngine.Runtime.Tests;

public sealed class GrainActivationTests
{
    [Fact]
    public async Task First_call_activates_once_with_state_loaded_before_OnActivateAsync()
    {
        await using var host = await TestHost.StartAsync();
        var id = new GrainId("counter", "m1");
        await host.Storage.WriteAsync(new GrainStateWrite(id, 0, JsonSerializer.SerializeToUtf8Bytes(new CounterState { Value = 41 }), []), CancellationToken.None);

        var grain = host.Grains.GetGrain<ICounterGrain>("m1");
        Assert.Equal(0, host.Runtime.ActiveActivationCount);

        Assert.Equal(41, await Wait.Bounded(grain.Get()));
        Assert.Equal(42, await Wait.Bounded(host.Grains.GetGrain<ICounterGrain>("m1").Add(1)));
        Assert.Equal("counter/m1", await Wait.Bounded(grain.WhoAmI()));

        Assert.Equal(1, host.Probe.Activations);
        Assert.Equal(1, host.Runtime.ActiveActivationCount);
        Assert.Contains("activate m1 value=41", host.Probe.Events);
    }

    [Fact]
    public async Task Concurrent_calls_run_one_turn_at_a_time()
    {
        await using var host = await TestHost.StartAsync();
        var grain = host.Grains.GetGrain<ICounterGrain>("turns");

        var calls = Enumerable.Range(0, 50).Select(_ => grain.SlowIncrement(20)).ToArray();
        var results = await Wait.Bounded(Task.WhenAll(calls));

        Assert.Equal(0, host.Probe.Overlaps);
        Assert.Equal(Enumerable.Range(1, 50), results.Order());
    }

    [Fact]
    public async Task A_call_waits_in_the_mailbox_while_a_turn_is_suspended()
    {
        await using var host = await TestHost.StartAsync();
        var grain = host.Grains.GetGrain<ICounterGrain>("queue");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = grain.WaitFor(gate.Task);
        await Wait.UntilAsync(() => host.Probe.Events.Contains("enter queue"), "first turn entered");
        var second = grain.Add(5);

        // The first turn is suspended on an await: a reentrant runtime would run the second call now.
        Assert.Equal(1, host.Runtime.TotalMailboxDepth);
        Assert.False(second.IsCompleted);

        gate.SetResult();
        await Wait.Bounded(first);
        Assert.Equal(5, await Wait.Bounded(second));
        Assert.Equal(0, host.Runtime.TotalMailboxDepth);
    }

    [Fact]
    public async Task Calls_queued_behind_a_suspended_turn_run_in_arrival_order()
    {
        await using var host = await TestHost.StartAsync();
        var grain = host.Grains.GetGrain<ICounterGrain>("fifo");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var first = grain.WaitFor(gate.Task);
        await Wait.UntilAsync(() => host.Probe.Events.Contains("enter fifo"), "first turn entered");

        // Each amount is a decimal digit of its own, so the running totals spell the order the turns ran in.
        var adds = new[] { 1, 10, 100, 1_000, 10_000 }.Select(grain.Add).ToArray();
        Assert.Equal(5, host.Runtime.TotalMailboxDepth);

        gate.SetResult();
        await Wait.Bounded(first);
        var totals = await Wait.Bounded(Task.WhenAll(adds));
        Assert.Equal(new[] { 1, 11, 111, 1_111, 11_111 }, totals);
        Assert.Equal(0, host.Runtime.TotalMailboxDepth);

        // The mailbox works the same after it was drained: one waiting turn, then several again.
        var gate2 = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocked = grain.WaitFor(gate2.Task);
        await Wait.UntilAsync(() => host.Probe.Events.Count(e => e == "enter fifo") == 2, "second blocking turn entered");
        var later = new[] { 100_000, 200_000 }.Select(grain.Add).ToArray();
        gate2.SetResult();
        await Wait.Bounded(blocked);
        var laterTotals = await Wait.Bounded(Task.WhenAll(later));
        Assert.Equal(new[] { 111_111, 311_111 }, laterTotals);
    }

    [Fact]
    public async Task Exceptions_propagate_unchanged_and_the_grain_stays_usable()
    {
        await using var host = await TestHost.StartAsync();
        var grain = host.Grains.GetGrain<ICounterGrain>("boom");

        var async = await Assert.ThrowsAsync<InvalidOperationException>(() => Wait.Bounded(grain.ThrowAsync("async failure")));
        Assert.Equal("async failure", async.Message);
        var sync = await Assert.ThrowsAsync<ArgumentException>(() => Wait.Bounded(grain.ThrowSync("sync failure")));
        Assert.Equal("sync failure", sync.Message);

        Assert.Equal(1, await Wait.Bounded(grain.Add(1)));
        Assert.Equal(1, host.Probe.Activations);
    }

    [Fact]
    public async Task Grains_call_other_grains_and_their_exceptions_propagate_through_the_chain()
    {
        await using var host = await TestHost.StartAsync();
        var head = host.Grains.GetGrain<IChainGrain>("a");

        Assert.Equal("a>b>c", await Wait.Bounded(head.Relay(["b", "c"], throwAtEnd: false)));

        var ex = await Assert.ThrowsAsync<ChainEndException>(() => Wait.Bounded(head.Relay(["b", "c"], throwAtEnd: true)));
        Assert.Equal("c", ex.Key);
        Assert.Equal(3, host.Runtime.ActiveActivationCount);
    }

    [Fact]
    public async Task Stop_waits_for_in_flight_turns_then_deactivates_and_refuses_new_activations()
    {
        var host = await TestHost.StartAsync();
        var grain = host.Grains.GetGrain<ICounterGrain>("stopping");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inFlight = grain.WaitFor(gate.Task);
        await Wait.UntilAsync(() => host.Probe.Events.Contains("enter stopping"), "turn entered");

        var stop = host.Runtime.StopAsync(CancellationToken.None);
        Assert.False(stop.IsCompleted);
        Assert.Empty(host.Probe.Deactivations);

        gate.SetResult();
        await Wait.Bounded(stop);
        await Wait.Bounded(inFlight);
        Assert.Equal([(new GrainId("counter", "stopping"), DeactivationReasonCode.ShuttingDown)], host.Probe.Deactivations);
        Assert.Equal(0, host.Runtime.ActiveActivationCount);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Wait.Bounded(host.Grains.GetGrain<ICounterGrain>("other").Get()));
        await host.DisposeAsync();
    }

    [Fact]
    public void Registry_rejects_interfaces_with_non_task_methods_and_duplicate_names()
    {
        var registry = new GrainTypeRegistry();
        Assert.Throws<ArgumentException>(() => registry.Add<IBadGrain, BadGrain>("bad", () => new BadGrain()));

        registry.Add<IChainGrain, ChainGrain>("chain", () => new ChainGrain());
        Assert.Throws<InvalidOperationException>(() => registry.Add<ICounterGrain, CounterGrain>("chain", () => new CounterGrain(new GrainProbe())));
        Assert.Throws<ArgumentException>(() => registry.Add<ICounterGrain, CounterGrain>("a/b", () => new CounterGrain(new GrainProbe())));
    }

    public interface IBadGrain : IGrainWithStringKey
    {
        int NotATask();
    }

    public sealed class BadGrain : Grain, IBadGrain
    {
        public int NotATask() => 1;
    }
}
