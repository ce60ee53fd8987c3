using System.Collections.Concurrent;
using AcquirerEngine.Runtime.Placement;
using AcquirerEngine.Runtime.Tests.TestGrains;

namespace AcquirerEngine.Runtime.Tests;

/// <summary>
/// Concurrent reminder delivery (ReminderService with ReminderDeliveryConcurrency above 1): ticks of different grains
/// overlap up to the bound, a grain's own ticks stay in order, every NextDue is persisted, one grain failing or
/// unavailable does not hold up the others, and stop and the simulated clock wait for every delivery.
/// </summary>
public sealed class ReminderDeliveryConcurrencyTests
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly DateTimeOffset Start = TestHost.Start;

    [Fact]
    public async Task Ticks_of_different_grains_overlap_up_to_the_bound_and_no_further()
    {
        await using var host = await TestHost.StartAsync(o => o.ReminderDeliveryConcurrency = 2);
        string[] keys = ["a", "b", "c", "d", "e"];
        var releases = keys.ToDictionary(k => k, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        var inside = new ConcurrentDictionary<string, bool>();
        var entered = new ConcurrentQueue<(string Key, int InsideThen)>();
        host.Probe.BeforeReminderTick = async (key, _) =>
        {
            inside[key] = true;
            entered.Enqueue((key, inside.Count));
            await releases[key].Task;
            inside.TryRemove(key, out bool _);
        };
        foreach (var key in keys)
        {
            await Wait.Bounded(host.Grains.GetGrain<IReminderGrain>(key).Register("daily", Hour, Day));
        }

        var advance = host.Clock.AdvanceAsync(2 * Hour);
        try
        {
            await CheckBoundAsync();
        }
        finally
        {
            // A failed check must not leave turns blocked for the host's disposal.
            foreach (var release in releases.Values)
            {
                release.TrySetResult();
            }
        }

        await Wait.Bounded(advance);
        Assert.Equal(keys, entered.Select(e => e.Key).Order());
        Assert.All(entered, e => Assert.InRange(e.InsideThen, 1, 2));
        foreach (var key in keys)
        {
            var stored = await host.Reminders.ReadAsync(new GrainId("reminder", key), "daily", CancellationToken.None);
            Assert.Equal(Start + Day + Hour, stored!.NextDue);
        }

        async Task CheckBoundAsync()
        {
            // The first two in schedule order are in their turns together: the bound is used.
            await Wait.UntilAsync(() => entered.Count == 2, "two ticks in delivery at once");
            Assert.Equal(["a", "b"], entered.Select(e => e.Key).Order());
            Assert.Equal(2, entered.Max(e => e.InsideThen));

            // Each finished delivery lets exactly one more in.
            for (var i = 0; i < keys.Length; i++)
            {
                releases[keys[i]].SetResult();
                var expected = Math.Min(i + 3, keys.Length);
                await Wait.UntilAsync(() => entered.Count == expected, $"{expected} ticks entered");
            }
        }
    }

    [Fact]
    public async Task A_place_is_free_once_the_turn_is_over_but_the_grains_next_tick_waits_for_its_NextDue()
    {
        // One place. While a's first NextDue write is held, the place already serves b (a settlement run does not
        // hold a place through the table write), but a's second reminder waits: a is in delivery until it is durable.
        HoldingReminderTable? holding = null;
        await using var host = await TestHost.StartAsync(
            o => o.ReminderDeliveryConcurrency = 1, reminderTable: inner => holding = new HoldingReminderTable(inner));
        await Wait.Bounded(host.Grains.GetGrain<IReminderGrain>("a").Register("r1", Hour, Day));
        await Wait.Bounded(host.Grains.GetGrain<IReminderGrain>("a").Register("r2", Hour, Day));
        await Wait.Bounded(host.Grains.GetGrain<IReminderGrain>("b").Register("daily", Hour, Day));

        var advance = host.Clock.AdvanceAsync(2 * Hour);
        try
        {
            await Wait.UntilAsync(() => host.Probe.ReminderTicks.Count == 2 && holding!.HeldWrites >= 1, "a's first tick and b's delivered, a's NextDue held");
            Assert.Equal([("a", "r1"), ("b", "daily")], host.Probe.ReminderTicks.Select(t => (t.Key, t.Name)));
            var notYet = await host.Reminders.ReadAsync(new GrainId("reminder", "a"), "r1", CancellationToken.None);
            Assert.Equal(Start + Hour, notYet!.NextDue);
        }
        finally
        {
            holding!.Release();
        }

        await Wait.Bounded(advance);
        Assert.Equal([("a", "r1"), ("b", "daily"), ("a", "r2")], host.Probe.ReminderTicks.Select(t => (t.Key, t.Name)));
        foreach (var (key, name) in new[] { ("a", "r1"), ("a", "r2"), ("b", "daily") })
        {
            var stored = await host.Reminders.ReadAsync(new GrainId("reminder", key), name, CancellationToken.None);
            Assert.Equal(Start + Day + Hour, stored!.NextDue);
        }
    }

    [Fact]
    public async Task A_grains_own_ticks_stay_in_order_without_overlap_and_each_NextDue_is_persisted()
    {
        var first = await TestHost.StartAsync(o => o.ReminderDeliveryConcurrency = 8);
        string[] keys = ["m", "n", "o"];
        foreach (var key in keys)
        {
            await Wait.Bounded(first.Grains.GetGrain<IReminderGrain>(key).Register("r1", Hour, Hour));
            await Wait.Bounded(first.Grains.GetGrain<IReminderGrain>(key).Register("r2", Hour, Hour));
        }

        await first.DisposeAsync();

        // Down past four ticks of each reminder: catch-up gives every grain eight due ticks at once.
        await Wait.Bounded(first.Clock.AdvanceAsync(4 * Hour));
        await using var second = await TestHost.StartAsync(o => o.ReminderDeliveryConcurrency = 8, over: first);
        var gate = new object();
        var insideByKey = new Dictionary<string, int>();
        var overlaps = 0;
        second.Probe.BeforeReminderTick = async (key, _) =>
        {
            lock (gate)
            {
                insideByKey[key] = insideByKey.GetValueOrDefault(key) + 1;
                overlaps += insideByKey[key] > 1 ? 1 : 0;
            }

            await Task.Delay(1);
            lock (gate)
            {
                insideByKey[key]--;
            }
        };

        await Wait.Bounded(second.Clock.AdvanceAsync(TimeSpan.Zero));

        Assert.Equal(0, overlaps);
        var expected = Enumerable.Range(1, 4).SelectMany(h => new[] { ("r1", Start + (h * Hour)), ("r2", Start + (h * Hour)) }).ToList();
        foreach (var key in keys)
        {
            Assert.Equal(expected, second.Probe.ReminderTicks.Where(t => t.Key == key).Select(t => (t.Name, t.Status.CurrentTickTime)));
            foreach (var name in new[] { "r1", "r2" })
            {
                var stored = await second.Reminders.ReadAsync(new GrainId("reminder", key), name, CancellationToken.None);
                Assert.Equal(Start + (5 * Hour), stored!.NextDue);
            }
        }
    }

    [Fact]
    public async Task A_throwing_grain_does_not_stall_the_others_and_its_tick_is_not_repeated()
    {
        await using var host = await TestHost.StartAsync(o => o.ReminderDeliveryConcurrency = 4);
        host.Probe.BeforeReminderTick = (key, _) => key == "broken"
            ? throw new InvalidOperationException("the settlement run failed")
            : Task.CompletedTask;
        foreach (var key in new[] { "a", "broken", "c" })
        {
            await Wait.Bounded(host.Grains.GetGrain<IReminderGrain>(key).Register("daily", Hour, Day));
        }

        await Wait.Bounded(host.Clock.AdvanceAsync(2 * Day));

        Assert.Equal(
            [("a", Start + Hour), ("a", Start + Day + Hour), ("c", Start + Hour), ("c", Start + Day + Hour)],
            host.Probe.ReminderTicks.Select(t => (t.Key, t.Status.CurrentTickTime)).Order());
        var broken = await host.Reminders.ReadAsync(new GrainId("reminder", "broken"), "daily", CancellationToken.None);
        Assert.Equal(Start + (2 * Day) + Hour, broken!.NextDue);
    }

    [Fact]
    public async Task An_unavailable_grain_is_retried_after_its_pause_while_the_others_are_delivered()
    {
        // One place only: with the retry's pause holding the place, b and c would wait behind a.
        await using var host = await TestHost.StartAsync(o => o.ReminderDeliveryConcurrency = 1);
        var attempts = 0;
        host.Probe.BeforeReminderTick = (key, _) =>
            key == "a" && Interlocked.Increment(ref attempts) == 1
                ? throw new GrainUnavailableException(new GrainId("reminder", "a"), "its shard is between owners", TimeSpan.FromSeconds(2))
                : Task.CompletedTask;
        foreach (var key in new[] { "a", "b", "c" })
        {
            await Wait.Bounded(host.Grains.GetGrain<IReminderGrain>(key).Register("daily", Hour, Day));
        }

        await Wait.Bounded(host.Clock.AdvanceAsync(2 * Hour));

        Assert.Equal(2, attempts);
        Assert.Equal(["b", "c", "a"], host.Probe.ReminderTicks.Select(t => t.Key));
        Assert.All(host.Probe.ReminderTicks, t => Assert.Equal(Start + Hour, t.Status.CurrentTickTime));
        foreach (var key in new[] { "a", "b", "c" })
        {
            var stored = await host.Reminders.ReadAsync(new GrainId("reminder", key), "daily", CancellationToken.None);
            Assert.Equal(Start + Day + Hour, stored!.NextDue);
        }
    }

    [Theory]
    [InlineData("stale")]
    [InlineData("fenced")]
    [InlineData("earlier-refused")]
    [InlineData("remote-stale")]
    public async Task A_tick_whose_write_was_refused_is_delivered_again_instead_of_being_lost_for_the_period(string refusal)
    {
        // A write refused as stale or fenced changed nothing (a shard taken over mid-activation, a previous owner
        // still alive): a daily settlement run must be delivered again, not skipped until tomorrow.
        await using var host = await TestHost.StartAsync(o => o.ReminderDeliveryConcurrency = 2);
        var grainId = new GrainId("reminder", "a");
        var attempts = 0;
        host.Probe.BeforeReminderTick = (key, _) =>
            key == "a" && Interlocked.Increment(ref attempts) <= 2
                ? throw Refusal(refusal, grainId)
                : Task.CompletedTask;
        foreach (var key in new[] { "a", "b" })
        {
            await Wait.Bounded(host.Grains.GetGrain<IReminderGrain>(key).Register("daily", Hour, Day));
        }

        await Wait.Bounded(host.Clock.AdvanceAsync(2 * Hour));

        Assert.Equal(3, attempts);
        Assert.Equal(["a", "b"], host.Probe.ReminderTicks.Select(t => t.Key).Order());
        Assert.All(host.Probe.ReminderTicks, t => Assert.Equal(Start + Hour, t.Status.CurrentTickTime));
        var stored = await host.Reminders.ReadAsync(grainId, "daily", CancellationToken.None);
        Assert.Equal(Start + Day + Hour, stored!.NextDue);
    }

    private static Exception Refusal(string kind, GrainId grainId) => kind switch
    {
        "stale" => new Storage.InconsistentStateException(grainId, 3, 4),
        "fenced" => new Storage.FencedWriteException(grainId, new Storage.WriteFence(7, 1), 2),
        "earlier-refused" => new Storage.EarlierWriteRefusedException(grainId, 3),
        "remote-stale" => new RemoteGrainException(grainId, typeof(Storage.InconsistentStateException).FullName!, "stale write"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    [Fact]
    public async Task Stop_waits_for_the_ticks_in_delivery_and_persists_their_NextDue()
    {
        await using var host = await TestHost.StartAsync(o => o.ReminderDeliveryConcurrency = 4);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slowEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Probe.BeforeReminderTick = async (key, _) =>
        {
            if (key == "slow")
            {
                slowEntered.TrySetResult();
                await release.Task;
            }
        };
        await Wait.Bounded(host.Grains.GetGrain<IReminderGrain>("slow").Register("daily", Hour, Day));
        await Wait.Bounded(host.Grains.GetGrain<IReminderGrain>("quick").Register("daily", Hour, Day));

        var advance = host.Clock.AdvanceAsync(2 * Hour);
        Task stop;
        try
        {
            await Wait.Bounded(slowEntered.Task);
            stop = host.Runtime.StopAsync(CancellationToken.None);

            // Still waiting for the tick in its turn (a guard against a stop that does not wait, not a speed check).
            Assert.NotSame(stop, await Task.WhenAny(stop, Task.Delay(TimeSpan.FromMilliseconds(300))));
        }
        finally
        {
            release.TrySetResult();
        }

        await Wait.Bounded(stop);
        await Wait.Bounded(advance);

        Assert.Contains(host.Probe.ReminderTicks, t => t.Key == "slow");
        var stored = await host.Reminders.ReadAsync(new GrainId("reminder", "slow"), "daily", CancellationToken.None);
        Assert.Equal(Start + Day + Hour, stored!.NextDue);
    }

    [Fact]
    public async Task A_simulated_clock_step_ends_only_after_every_delivery_and_NextDue_write_of_the_step()
    {
        await using var host = await TestHost.StartAsync(o => o.ReminderDeliveryConcurrency = 8);
        host.Probe.BeforeReminderTick = (key, _) => key.EndsWith('0') ? Task.Delay(2) : Task.CompletedTask;
        var keys = Enumerable.Range(0, 100).Select(i => $"g{i:D3}").ToList();
        foreach (var key in keys)
        {
            await Wait.Bounded(host.Grains.GetGrain<IReminderGrain>(key).Register("daily", Hour, Day));
        }

        await Wait.Bounded(host.Clock.AdvanceAsync(2 * Hour));

        Assert.Equal(keys, host.Probe.ReminderTicks.Select(t => t.Key).Order());
        var table = await host.Reminders.ReadAllAsync(CancellationToken.None);
        Assert.Equal(keys.Count, table.Count);
        Assert.All(table, e => Assert.Equal(Start + Day + Hour, e.NextDue));
    }
}
