using System.Collections.Concurrent;
using AcquirerEngine.Runtime.Time;

namespace AcquirerEngine.Runtime.Tests.Time;

public sealed class SimulatedTimeProviderTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Many_timers_fire_once_per_due_time_in_order_across_a_multi_day_jump()
    {
        var clock = new SimulatedTimeProvider(Start);
        var fired = new List<(DateTimeOffset At, int Timer)>();
        var periods = Enumerable.Range(0, 40).Select(i => TimeSpan.FromMinutes(7 + (i * 37))).ToArray();
        var timers = periods.Select((period, i) => clock.CreateTimer(_ => fired.Add((clock.GetUtcNow(), i)), null, period, period)).ToList();

        var span = TimeSpan.FromDays(3);
        await clock.AdvanceAsync(span);

        Assert.Equal(Start + span, clock.GetUtcNow());
        var expected = periods
            .SelectMany((period, i) => Enumerable.Range(1, (int)(span.Ticks / period.Ticks)).Select(n => (At: Start + (period * n), Timer: i)))
            .OrderBy(x => x.At)
            .ToList();
        Assert.Equal(expected.Count, fired.Count);
        Assert.Equal(fired.OrderBy(f => f.At).ToList(), fired);
        Assert.Equal(expected.ToHashSet(), fired.ToHashSet());
        foreach (var timer in timers)
        {
            timer.Dispose();
        }
    }

    [Fact]
    public async Task Timers_due_at_the_same_instant_fire_in_arming_order()
    {
        var clock = new SimulatedTimeProvider(Start);
        var fired = new List<string>();
        using var b = clock.CreateTimer(_ => fired.Add("b"), null, TimeSpan.FromHours(1), Timeout.InfiniteTimeSpan);
        using var a = clock.CreateTimer(_ => fired.Add("a"), null, TimeSpan.FromHours(1), Timeout.InfiniteTimeSpan);

        await clock.AdvanceAsync(TimeSpan.FromHours(2));

        Assert.Equal(["b", "a"], fired);
    }

    [Fact]
    public async Task One_shot_change_and_dispose_behave_like_system_timers()
    {
        var clock = new SimulatedTimeProvider(Start);
        var count = 0;
        var timer = clock.CreateTimer(_ => count++, null, TimeSpan.FromMinutes(1), Timeout.InfiniteTimeSpan);

        await clock.AdvanceAsync(TimeSpan.FromMinutes(10));
        Assert.Equal(1, count);

        Assert.True(timer.Change(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2)));
        // Re-armed at 10:00 for 11:00, then every two minutes: 11, 13, 15.
        await clock.AdvanceAsync(TimeSpan.FromMinutes(5));
        Assert.Equal(4, count);

        timer.Dispose();
        Assert.False(timer.Change(TimeSpan.Zero, TimeSpan.Zero));
        await clock.AdvanceAsync(TimeSpan.FromMinutes(10));
        Assert.Equal(4, count);
        Assert.Equal(0, clock.ArmedTimerCount);
    }

    [Fact]
    public async Task Task_Delay_over_the_provider_completes_only_when_the_clock_passes_it()
    {
        var clock = new SimulatedTimeProvider(Start);
        var delay = Task.Delay(TimeSpan.FromHours(5), clock);

        await clock.AdvanceAsync(TimeSpan.FromHours(4));
        Assert.False(delay.IsCompleted);

        await clock.AdvanceAsync(TimeSpan.FromHours(1));
        await delay.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Each_firing_waits_for_quiescence_before_the_next_one()
    {
        var clock = new SimulatedTimeProvider(Start);
        var log = new ConcurrentQueue<string>();
        var pending = new ConcurrentBag<Task>();
        using var registration = clock.RegisterQuiescenceCallback(_ => Task.WhenAll(pending));
        for (var i = 0; i < 5; i++)
        {
            var id = i;
            _ = clock.CreateTimer(
                _ =>
                {
                    log.Enqueue($"fire {id}");
                    pending.Add(Task.Run(async () =>
                    {
                        for (var y = 0; y < 50; y++)
                        {
                            await Task.Yield();
                        }

                        log.Enqueue($"done {id}");
                    }));
                },
                null,
                TimeSpan.FromMinutes(i + 1),
                Timeout.InfiniteTimeSpan);
        }

        await clock.AdvanceAsync(TimeSpan.FromHours(1));

        Assert.Equal(Enumerable.Range(0, 5).SelectMany(i => new[] { $"fire {i}", $"done {i}" }), log);
    }

    [Fact]
    public async Task The_clock_never_goes_back_and_cannot_be_advanced_concurrently()
    {
        var clock = new SimulatedTimeProvider(Start);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => clock.AdvanceToAsync(Start.AddSeconds(-1)));

        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = clock.RegisterQuiescenceCallback(_ => release.Task);
        var advancing = clock.AdvanceAsync(TimeSpan.FromMinutes(1));
        await Assert.ThrowsAsync<InvalidOperationException>(() => clock.AdvanceAsync(TimeSpan.FromMinutes(1)));
        release.SetResult();
        await advancing.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(Start.AddMinutes(1), clock.GetUtcNow());
    }

    [Fact]
    public void Local_time_zone_is_configurable()
    {
        var zone = TimeZoneInfo.CreateCustomTimeZone("Test+02", TimeSpan.FromHours(2), "Test+02", "Test+02");
        var clock = new SimulatedTimeProvider(Start, zone);

        Assert.Same(zone, clock.LocalTimeZone);
        Assert.Equal(TimeSpan.FromHours(2), clock.GetLocalNow().Offset);
        Assert.Equal(Start, clock.GetLocalNow());
        Assert.Equal(TimeSpan.Zero, clock.GetUtcNow().Offset);
    }
}
