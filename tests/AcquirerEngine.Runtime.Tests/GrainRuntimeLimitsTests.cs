using AcquirerEngine.Runtime.InMemory;
using AcquirerEngine.Runtime.Tests.TestGrains;

namespace AcquirerEngine.Runtime.Tests;

public sealed class GrainRuntimeLimitsTests
{
    [Fact]
    public async Task Mailbox_accepts_exactly_capacity_calls_and_rejects_the_next_one_naming_the_grain()
    {
        await using var host = await TestHost.StartAsync(o => o.MailboxCapacity = 3);
        var grain = host.Grains.GetGrain<ICounterGrain>("busy");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var running = grain.WaitFor(gate.Task);
        var queued1 = grain.Add(1);
        var queued2 = grain.Add(1);

        var ex = await Assert.ThrowsAsync<MailboxFullException>(() => Wait.Bounded(grain.Add(1)));
        Assert.Equal(new GrainId("counter", "busy"), ex.GrainId);
        Assert.Equal(3, ex.Capacity);
        Assert.Contains("counter/busy", ex.Message, StringComparison.Ordinal);

        gate.SetResult();
        await Wait.Bounded(running);
        Assert.Equal(1, await Wait.Bounded(queued1));
        Assert.Equal(2, await Wait.Bounded(queued2));

        // Capacity frees up as turns complete.
        Assert.Equal(3, await Wait.Bounded(grain.Add(1)));
    }

    [Fact]
    public async Task At_MaxActivations_the_least_recently_used_idle_activation_makes_room()
    {
        await using var host = await TestHost.StartAsync(o => o.MaxActivations = 2);
        await Wait.Bounded(host.Grains.GetGrain<ICounterGrain>("a").Add(1));
        await Wait.Bounded(host.Grains.GetGrain<ICounterGrain>("b").Add(1));
        Assert.Equal(2, host.Runtime.ActiveActivationCount);
        Assert.Empty(host.Probe.Deactivations);

        Assert.Equal(1, await Wait.Bounded(host.Grains.GetGrain<ICounterGrain>("c").Add(1)));

        Assert.Equal(2, host.Runtime.ActiveActivationCount);
        Assert.Equal([(new GrainId("counter", "a"), DeactivationReasonCode.ActivationLimitReached)], host.Probe.Deactivations);

        // The evicted grain comes back from storage, evicting the next least recently used (b).
        Assert.Equal(2, await Wait.Bounded(host.Grains.GetGrain<ICounterGrain>("a").Add(1)));
        Assert.Equal(new GrainId("counter", "b"), host.Probe.Deactivations[^1].GrainId);
    }

    [Fact]
    public async Task At_MaxActivations_with_no_idle_activation_the_call_fails_clearly()
    {
        await using var host = await TestHost.StartAsync(o => o.MaxActivations = 2);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var a = host.Grains.GetGrain<ICounterGrain>("a").WaitFor(gate.Task);
        var b = host.Grains.GetGrain<ICounterGrain>("b").WaitFor(gate.Task);
        await Wait.UntilAsync(() => host.Probe.Events.Contains("enter a") && host.Probe.Events.Contains("enter b"), "both turns entered");

        var ex = await Assert.ThrowsAsync<ActivationLimitExceededException>(() => Wait.Bounded(host.Grains.GetGrain<ICounterGrain>("c").Get()));
        Assert.Equal(2, ex.MaxActivations);
        Assert.Equal(new GrainId("counter", "c"), ex.GrainId);

        gate.SetResult();
        await Wait.Bounded(Task.WhenAll(a, b));
        Assert.Equal(0, await Wait.Bounded(host.Grains.GetGrain<ICounterGrain>("c").Get()));
    }

    [Fact]
    public async Task Idle_activations_are_deactivated_once_idle_for_the_setting_and_reactivate_from_storage()
    {
        await using var host = await TestHost.StartAsync(o =>
        {
            o.IdleDeactivationAfter = TimeSpan.FromMinutes(10);
            o.IdleSweepInterval = TimeSpan.FromMinutes(1);
        });
        var grain = host.Grains.GetGrain<ICounterGrain>("idle");
        await Wait.Bounded(grain.Add(5));

        await Wait.Bounded(host.Clock.AdvanceAsync(TimeSpan.FromMinutes(9)));
        Assert.Equal(1, host.Runtime.ActiveActivationCount);

        // A call at 9 minutes restarts the idle clock.
        Assert.Equal(5, await Wait.Bounded(grain.Get()));
        await Wait.Bounded(host.Clock.AdvanceAsync(TimeSpan.FromMinutes(9)));
        Assert.Equal(1, host.Runtime.ActiveActivationCount);
        Assert.Empty(host.Probe.Deactivations);

        await Wait.Bounded(host.Clock.AdvanceAsync(TimeSpan.FromMinutes(1)));
        Assert.Equal(0, host.Runtime.ActiveActivationCount);
        Assert.Equal([(new GrainId("counter", "idle"), DeactivationReasonCode.ActivationIdle)], host.Probe.Deactivations);

        Assert.Equal(5, await Wait.Bounded(grain.Get()));
        Assert.Equal(2, host.Probe.Activations);
    }

    [Fact]
    public void Options_reject_unbounded_or_nonsensical_limits()
    {
        var registry = new GrainTypeRegistry();
        var storage = new InMemoryGrainStorage();
        var reminders = new InMemoryReminderTable();
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new GrainRuntime(registry, storage, reminders, new GrainRuntimeOptions { MailboxCapacity = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new GrainRuntime(registry, storage, reminders, new GrainRuntimeOptions { MaxActivations = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new GrainRuntime(registry, storage, reminders, new GrainRuntimeOptions { ReminderMaxCatchUpTicks = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new GrainRuntime(registry, storage, reminders, new GrainRuntimeOptions { IdleSweepInterval = TimeSpan.Zero }));
        var concurrency = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new GrainRuntime(registry, storage, reminders, new GrainRuntimeOptions { ReminderDeliveryConcurrency = 0 }));
        Assert.Equal(nameof(GrainRuntimeOptions.ReminderDeliveryConcurrency), concurrency.ParamName);
    }
}
