using AcquirerEngine.Runtime.InMemory;
using AcquirerEngine.Runtime.Tests.TestGrains;

namespace AcquirerEngine.Runtime.Tests;

public sealed class GrainTimerTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Timers_fire_in_due_order_on_the_simulated_clock_and_stop_after_dispose()
    {
        await using var host = await TestHost.StartAsync();
        var grain = host.Grains.GetGrain<ITimerGrain>("t");
        await Wait.Bounded(grain.StartTimer("every-2m", TimeSpan.FromSeconds(30), 2 * Minute));
        await Wait.Bounded(grain.StartTimer("every-1m", Minute, Minute));

        await Wait.Bounded(host.Clock.AdvanceAsync(5 * Minute));

        var start = TestHost.Start;
        Assert.Equal(
            [
                ("t/every-2m", start.AddSeconds(30)),
                ("t/every-1m", start.AddMinutes(1)),
                ("t/every-1m", start.AddMinutes(2)),
                ("t/every-2m", start.AddSeconds(150)),
                ("t/every-1m", start.AddMinutes(3)),
                ("t/every-1m", start.AddMinutes(4)),
                ("t/every-2m", start.AddSeconds(270)),
                ("t/every-1m", start.AddMinutes(5)),
            ],
            host.Probe.TimerTicks);

        await Wait.Bounded(grain.StopTimer("every-1m"));
        var before = host.Probe.TimerTicks.Count;
        await Wait.Bounded(host.Clock.AdvanceAsync(4 * Minute));
        Assert.All(host.Probe.TimerTicks.Skip(before), t => Assert.Equal("t/every-2m", t.Key));
        Assert.Equal(2, host.Probe.TimerTicks.Count - before);
    }

    [Fact]
    public async Task Timers_stop_when_the_activation_is_deactivated()
    {
        await using var host = await TestHost.StartAsync();
        var grain = host.Grains.GetGrain<ITimerGrain>("t");
        await Wait.Bounded(grain.StartTimer("x", Minute, Minute));
        await Wait.Bounded(host.Clock.AdvanceAsync(2 * Minute));
        Assert.Equal(2, host.Probe.TimerTicks.Count);

        await Wait.Bounded(grain.Deactivate());
        await Wait.Bounded(host.Clock.AdvanceAsync(10 * Minute));

        Assert.Equal(2, host.Probe.TimerTicks.Count);
        Assert.Equal(0, host.Runtime.ActiveActivationCount);
    }

    [Fact]
    public async Task A_tick_is_skipped_not_queued_while_the_previous_one_is_pending()
    {
        var clock = new ManualTimerTimeProvider();
        var probe = new GrainProbe();
        await using var runtime = new GrainRuntimeBuilder()
            .UseStorage(new InMemoryGrainStorage())
            .UseReminderTable(new InMemoryReminderTable())
            .UseTimeProvider(clock)
            .Configure(o => o.IdleDeactivationAfter = Timeout.InfiniteTimeSpan)
            .AddGrain<ITimerGrain, TimerGrain>("timer", () => new TimerGrain(probe))
            .Build();
        await runtime.StartAsync(CancellationToken.None);
        var grain = runtime.GrainFactory.GetGrain<ITimerGrain>("t");
        await Wait.Bounded(grain.StartTimer("x", TimeSpan.FromHours(1), TimeSpan.FromHours(1)));
        var timer = clock.Timers[^1];

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var busy = grain.WaitFor(gate.Task);
        await Wait.UntilAsync(() => probe.Events.Contains("enter t"), "turn entered");

        // Three firings while the grain is busy: one tick queues, the other two are skipped.
        timer.Fire();
        timer.Fire();
        timer.Fire();
        Assert.Equal(1, runtime.TotalMailboxDepth);

        gate.SetResult();
        await Wait.Bounded(busy);
        await Wait.Bounded(runtime.WaitForQuiescenceAsync(CancellationToken.None));
        Assert.Single(probe.TimerTicks);

        timer.Fire();
        await Wait.Bounded(runtime.WaitForQuiescenceAsync(CancellationToken.None));
        Assert.Equal(2, probe.TimerTicks.Count);
    }
}
