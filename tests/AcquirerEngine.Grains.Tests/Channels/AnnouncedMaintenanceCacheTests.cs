using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Grains.Channels;
using AcquirerEngine.Runtime;
using static AcquirerEngine.Grains.Tests.Scenarios.ScenarioKit;

namespace AcquirerEngine.Grains.Tests.Channels;

/// <summary>
/// The settlement runs of one engine share the rails' announced maintenance: asked once per FreshFor of engine
/// time, asked again after a rail of the engine changed its windows or when the answer failed, never shared
/// between engines.
/// </summary>
public sealed class AnnouncedMaintenanceCacheTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 17, 16, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task One_answer_serves_every_run_until_it_is_stale_or_a_rail_changed_its_windows()
    {
        var cache = AnnouncedMaintenanceCache.For(new NoGrains());
        var asked = 0;
        Task<IReadOnlyList<MaintenanceWindow>> Ask()
        {
            asked++;
            return Task.FromResult<IReadOnlyList<MaintenanceWindow>>([Window($"w{asked}")]);
        }

        Assert.Equal("w1", Assert.Single(await cache.GetAsync(Now, Ask)).Id);
        Assert.Equal("w1", Assert.Single(await cache.GetAsync(Now + TimeSpan.FromMilliseconds(999), Ask)).Id);
        Assert.Equal(1, asked);

        Assert.Equal("w2", Assert.Single(await cache.GetAsync(Now + AnnouncedMaintenanceCache.FreshFor, Ask)).Id);
        cache.Invalidate();
        Assert.Equal("w3", Assert.Single(await cache.GetAsync(Now + AnnouncedMaintenanceCache.FreshFor, Ask)).Id);

        // A clock that went back (another engine's time never reaches here, but a reset clock might) asks again.
        Assert.Equal("w4", Assert.Single(await cache.GetAsync(Now, Ask)).Id);
        Assert.Equal(4, cache.Asked);
    }

    [Fact]
    public async Task A_failed_answer_is_not_kept_and_engines_never_share_one()
    {
        var cache = AnnouncedMaintenanceCache.For(new NoGrains());
        Assert.NotSame(cache, AnnouncedMaintenanceCache.For(new NoGrains()));
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            cache.GetAsync(Now, () => Task.FromException<IReadOnlyList<MaintenanceWindow>>(new InvalidOperationException("rail down"))));
        var windows = await cache.GetAsync(Now, () => Task.FromResult<IReadOnlyList<MaintenanceWindow>>([Window("after")]));
        Assert.Equal("after", Assert.Single(windows).Id);
    }

    [Fact]
    public async Task Merchants_settling_at_one_tick_ask_the_rails_once_and_a_window_scheduled_then_is_seen()
    {
        await using var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 11, 9, 9, 0, 0));
        for (var i = 0; i < 5; i++)
        {
            var merchantId = $"89834014900060{i}";
            var terminal = await OnboardAsync(host, Profile(merchantId), $"T00006{i:00}");
            await SellAsync(host, terminal, Sale(merchantId, $"T00006{i:00}", 1, 1_000_00 + i, new DateTime(2026, 11, 9, 10, 0, i)));
        }

        var cache = AnnouncedMaintenanceCache.For(host.Grains);
        await host.AdvanceToLocalAsync(new DateTime(2026, 11, 10, 0, 30, 0));
        await host.QuiesceAsync();
        Assert.Equal(1, cache.Asked);
        await host.AdvanceToLocalAsync(new DateTime(2026, 11, 10, 12, 0, 0));
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(NetCredit(1_000_00 + i), Assert.Single(await StatementAsync(host, $"89834014900060{i}")).AmountMinor);
        }

        // Within FreshFor of a run a rail of this engine announces a window: the next run asks again and hears it.
        await cache.GetAsync(host.Clock!.GetUtcNow(), () => Task.FromResult<IReadOnlyList<MaintenanceWindow>>([]));
        var window = Window("upgrade") with { Channel = ChannelKind.Ibps, Start = new DateTime(2026, 11, 11, 2, 0, 0), End = new DateTime(2026, 11, 11, 4, 0, 0) };
        Assert.Equal(MaintenanceOutcome.Scheduled, await host.Rail(ChannelKind.Ibps).ScheduleMaintenanceAsync(window));
        var heard = await cache.GetAsync(host.Clock.GetUtcNow(), async () => (await host.Rail(ChannelKind.Ibps).GetStatusAsync()).MaintenanceWindows);
        Assert.Equal("upgrade", Assert.Single(heard).Id);
        Assert.Equal(3, cache.Asked);
    }

    private static MaintenanceWindow Window(string id) => new()
    {
        Id = id,
        Channel = ChannelKind.Hvps,
        Start = new DateTime(2026, 11, 18, 2, 0, 0),
        End = new DateTime(2026, 11, 18, 4, 0, 0),
        Reason = "test",
    };

    private sealed class NoGrains : IGrainFactory
    {
        public TGrainInterface GetGrain<TGrainInterface>(string primaryKey)
            where TGrainInterface : IGrainWithStringKey => throw new InvalidOperationException("no grains here");
    }
}
