using AcquirerEngine.Domain.Calendars;
using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Grains.Alerts;
using AcquirerEngine.Grains.Bank;
using AcquirerEngine.Grains.Calendars;
using AcquirerEngine.Grains.Channels;
using AcquirerEngine.Grains.Payouts;
using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.InMemory;
using AcquirerEngine.Runtime.Time;

namespace AcquirerEngine.Grains.Tests.Channels;

public sealed class RailCallbackTests
{
    /// <summary>
    /// A merchant awaiting a rail's EnqueueAsync while that rail tells the same merchant about a payout: turns
    /// never interleave, so if the rail awaited its sink inside its turn, both would wait for ever.
    /// </summary>
    [Fact]
    public async Task A_caller_awaiting_the_rail_while_the_rail_notifies_it_does_not_deadlock()
    {
        var start = new AcquirerClock(TimeProvider.System, AcquirerClock.ChinaStandardTime).ToUtc(new DateTime(2026, 11, 18, 10, 0, 0));
        var clock = new SimulatedTimeProvider(start) { QuiescenceTimeout = TimeSpan.FromSeconds(30) };
        var signals = new CrossingSignals();
        GrainRuntime? runtime = null;
        var settings = new RailTestSettings();
        var calendars = new CalendarSource(BuiltInCalendars.ChinaMainland);
        var sink = new CrossingSink(signals, () => runtime!.GrainFactory);
        runtime = new GrainRuntimeBuilder()
            .UseStorage(new InMemoryGrainStorage(clock))
            .UseReminderTable(new InMemoryReminderTable())
            .UseTimeProvider(clock)
            .AddGrain<IBankChannelGrain, BankChannelGrain>(
                BankChannelGrain.GrainTypeName,
                () => new BankChannelGrain(settings.Channels, calendars, sink, settings.Rail with { BankGrainKey = RailTestHost.BankKey }))
            .AddGrain<ISimulatedBankGrain, SimulatedBankGrain>(SimulatedBankGrain.GrainTypeName, () => new SimulatedBankGrain(settings.Bank))
            .AddGrain<IAlertGrain, AlertGrain>(AlertGrain.GrainTypeName, () => new AlertGrain(settings.Alerts))
            .AddGrain<ICrossingCallerGrain, CrossingCallerGrain>("crossing-caller", () => new CrossingCallerGrain(signals))
            .Build();
        await runtime.StartAsync(CancellationToken.None);
        var rail = runtime.GrainFactory.GetGrain<IBankChannelGrain>(BankChannelGrain.KeyFor(ChannelKind.Ibps));
        var caller = runtime.GrainFactory.GetGrain<ICrossingCallerGrain>("M100");
        await rail.EnqueueAsync(RailTestHost.Payout("p-1", ChannelKind.Ibps, merchant: "M100"));

        var crossing = caller.EnqueueWhileRailNotifiesAsync(RailTestHost.Payout("p-2", ChannelKind.Ibps, merchant: "M100"));
        var advance = clock.AdvanceAsync(TimeSpan.FromSeconds(5));
        var both = Task.WhenAll(crossing, advance);

        // A deadlock must fail the test, not hang it: the runtime is disposed only when nothing is stuck
        // (disposing waits for in-flight turns, which a deadlock never finishes).
        Assert.True(await Task.WhenAny(both, Task.Delay(TimeSpan.FromSeconds(30))) == both, "the caller and the rail deadlocked");
        await both;
        var received = await caller.ReceivedAsync();
        Assert.Contains(received, n => n.PayoutId == "p-1" && n.Outcome == PayoutOutcome.Credited);
        var queued = await rail.ListQueueAsync(10);
        Assert.True(queued.Contains("p-2") || received.Any(n => n.PayoutId == "p-2"), "the second payout was enqueued");
        await runtime.DisposeAsync();
    }
}
