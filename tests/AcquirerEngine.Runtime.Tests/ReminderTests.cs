using AcquirerEngine.Runtime.Tests.TestGrains;

namespace AcquirerEngine.Runtime.Tests;

public sealed class ReminderTests
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly DateTimeOffset Start = TestHost.Start;

    [Fact]
    public async Task A_daily_reminder_fires_each_tick_at_its_time_and_persists_NextDue_after_delivery()
    {
        await using var host = await TestHost.StartAsync();
        host.Probe.ReminderTable = host.Reminders;
        await Wait.Bounded(host.Grains.GetGrain<IReminderGrain>("m").Register("cutoff", Hour, Day));

        await Wait.Bounded(host.Clock.AdvanceAsync(3 * Day));

        var ticks = host.Probe.ReminderTicks;
        Assert.Equal([Start + Hour, Start + Day + Hour, Start + (2 * Day) + Hour], ticks.Select(t => t.Status.CurrentTickTime));
        Assert.All(ticks, t =>
        {
            Assert.Equal("cutoff", t.Name);
            Assert.Equal(Start + Hour, t.Status.FirstTickTime);
            Assert.Equal(Day, t.Status.Period);
            Assert.Equal(t.Status.CurrentTickTime, t.DeliveredAt);

            // At-least-once: the tick is still the stored NextDue while it is being delivered.
            Assert.Equal(t.Status.CurrentTickTime, t.NextDueInTable);
        });
        var stored = await host.Reminders.ReadAsync(new GrainId("reminder", "m"), "cutoff", CancellationToken.None);
        Assert.Equal(Start + (3 * Day) + Hour, stored!.NextDue);
    }

    [Fact]
    public async Task With_one_delivery_at_a_time_ticks_across_grains_are_delivered_by_due_time_then_grain_id()
    {
        await using var host = await TestHost.StartAsync(o => o.ReminderDeliveryConcurrency = 1);
        await Wait.Bounded(host.Grains.GetGrain<IReminderGrain>("b").Register("daily", Hour, Day));
        await Wait.Bounded(host.Grains.GetGrain<IReminderGrain>("c").Register("twice-daily", Hour, 12 * Hour));
        await Wait.Bounded(host.Grains.GetGrain<IReminderGrain>("a").Register("daily", Hour, Day));

        await Wait.Bounded(host.Clock.AdvanceAsync(2 * Day));

        Assert.Equal(
            [
                ("a", Start + Hour), ("b", Start + Hour), ("c", Start + Hour),
                ("c", Start + (13 * Hour)),
                ("a", Start + (25 * Hour)), ("b", Start + (25 * Hour)), ("c", Start + (25 * Hour)),
                ("c", Start + (37 * Hour)),
            ],
            host.Probe.ReminderTicks.Select(t => (t.Key, t.Status.CurrentTickTime)));
    }

    [Fact]
    public async Task Reminders_survive_a_restart_and_missed_ticks_are_caught_up_in_order()
    {
        var first = await TestHost.StartAsync();
        await Wait.Bounded(first.Grains.GetGrain<IReminderGrain>("m").Register("cutoff", Hour, Day));
        await Wait.Bounded(first.Clock.AdvanceAsync(2 * Hour));
        Assert.Single(first.Probe.ReminderTicks);
        await first.DisposeAsync();

        // Down for three days: nobody delivers.
        await Wait.Bounded(first.Clock.AdvanceAsync(3 * Day));
        Assert.Single(first.Probe.ReminderTicks);

        await using var second = await TestHost.StartAsync(over: first);
        await Wait.Bounded(second.Clock.AdvanceAsync(TimeSpan.Zero));

        var restartedAt = Start + (3 * Day) + (2 * Hour);
        var caughtUp = second.Probe.ReminderTicks.Skip(1).ToList();
        Assert.Equal([Start + Day + Hour, Start + (2 * Day) + Hour, Start + (3 * Day) + Hour], caughtUp.Select(t => t.Status.CurrentTickTime));
        Assert.All(caughtUp, t => Assert.Equal(restartedAt, t.DeliveredAt));

        // Back on schedule: the next tick only, no redelivery of caught-up ticks.
        await Wait.Bounded(second.Clock.AdvanceAsync(Day));
        Assert.Equal(5, second.Probe.ReminderTicks.Count);
        Assert.Equal(Start + (4 * Day) + Hour, second.Probe.ReminderTicks[^1].Status.CurrentTickTime);
        Assert.Equal(5, second.Probe.ReminderTicks.Select(t => t.Status.CurrentTickTime).Distinct().Count());
    }

    [Fact]
    public async Task Catch_up_is_limited_to_the_most_recent_ticks_and_skips_the_rest()
    {
        var first = await TestHost.StartAsync(o => o.ReminderMaxCatchUpTicks = 2);
        await Wait.Bounded(first.Grains.GetGrain<IReminderGrain>("m").Register("cutoff", Hour, Day));
        await first.DisposeAsync();
        await Wait.Bounded(first.Clock.AdvanceAsync(5 * Day));

        await using var second = await TestHost.StartAsync(o => o.ReminderMaxCatchUpTicks = 2, over: first);
        await Wait.Bounded(second.Clock.AdvanceAsync(TimeSpan.Zero));

        // Ticks of days 0..4 at 01:00 were missed; only the last two are delivered, in order.
        Assert.Equal([Start + (3 * Day) + Hour, Start + (4 * Day) + Hour], second.Probe.ReminderTicks.Select(t => t.Status.CurrentTickTime));
        var stored = await second.Reminders.ReadAsync(new GrainId("reminder", "m"), "cutoff", CancellationToken.None);
        Assert.Equal(Start + (5 * Day) + Hour, stored!.NextDue);
    }

    [Fact]
    public async Task Catch_up_exactly_at_the_limit_delivers_every_missed_tick()
    {
        var first = await TestHost.StartAsync(o => o.ReminderMaxCatchUpTicks = 3);
        await Wait.Bounded(first.Grains.GetGrain<IReminderGrain>("m").Register("cutoff", Hour, Day));
        await first.DisposeAsync();
        await Wait.Bounded(first.Clock.AdvanceAsync(3 * Day));

        await using var second = await TestHost.StartAsync(o => o.ReminderMaxCatchUpTicks = 3, over: first);
        await Wait.Bounded(second.Clock.AdvanceAsync(TimeSpan.Zero));

        Assert.Equal([Start + Hour, Start + Day + Hour, Start + (2 * Day) + Hour], second.Probe.ReminderTicks.Select(t => t.Status.CurrentTickTime));
    }

    [Fact]
    public async Task An_unregistered_reminder_stops_and_is_removed_from_the_table()
    {
        await using var host = await TestHost.StartAsync();
        var grain = host.Grains.GetGrain<IReminderGrain>("m");
        await Wait.Bounded(grain.Register("r", Hour, Hour));
        await Wait.Bounded(host.Clock.AdvanceAsync(2 * Hour));
        Assert.Equal(2, host.Probe.ReminderTicks.Count);
        Assert.True(await Wait.Bounded(grain.Has("r")));

        await Wait.Bounded(grain.Unregister("r"));
        await Wait.Bounded(host.Clock.AdvanceAsync(5 * Hour));

        Assert.Equal(2, host.Probe.ReminderTicks.Count);
        Assert.False(await Wait.Bounded(grain.Has("r")));
        Assert.Empty(await host.Reminders.ReadAllAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_reminder_reactivates_a_deactivated_grain()
    {
        await using var host = await TestHost.StartAsync(o =>
        {
            o.IdleDeactivationAfter = TimeSpan.FromMinutes(5);
            o.IdleSweepInterval = TimeSpan.FromMinutes(1);
        });
        await Wait.Bounded(host.Grains.GetGrain<IReminderGrain>("m").Register("r", Hour, Hour));

        await Wait.Bounded(host.Clock.AdvanceAsync(TimeSpan.FromMinutes(30)));
        Assert.Equal(0, host.Runtime.ActiveActivationCount);

        await Wait.Bounded(host.Clock.AdvanceAsync(TimeSpan.FromMinutes(30)));
        Assert.Single(host.Probe.ReminderTicks);
        Assert.Equal(1, host.Runtime.ActiveActivationCount);
    }
}
