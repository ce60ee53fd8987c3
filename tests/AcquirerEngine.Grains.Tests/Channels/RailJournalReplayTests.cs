using AcquirerEngine.Domain.Calendars;
using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Grains.Alerts;
using AcquirerEngine.Grains.Bank;
using AcquirerEngine.Grains.Calendars;
using AcquirerEngine.Grains.Channels;
using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.InMemory;
using AcquirerEngine.Runtime.Storage;
using AcquirerEngine.Runtime.Time;

namespace AcquirerEngine.Grains.Tests.Channels;

/// <summary>
/// The rail appends its records (enqueue, each drain step, in transit, finished, acknowledgement) instead of
/// rewriting the queue. One seeded scenario (a queue built while HVPS is closed, drained at reopening in small
/// chunks, with lost requests and replies, returns, latency, a failing sink, a bounded finished history and a
/// queue-SLA alert) runs twice on its own simulated clock: on a reference that writes the full state every time
/// and on a store that appends. The snapshot plus replayed tail must equal the reference's state at several
/// points, the sink must have heard the same notices, and a second owner must report the same rail.
/// A failure names its backend and seed.
/// </summary>
public sealed class RailJournalReplayTests
{
    private static readonly GrainId RailGrainId = new(BankChannelGrain.GrainTypeName, BankChannelGrain.KeyFor(ChannelKind.Hvps));
    private static readonly DateTime Start = new(2026, 11, 23, 17, 20, 0);

    [Theory]
    [InlineData("memory", 401)]
    [InlineData("memory", 402)]
    [InlineData("sqlite", 403)]
    [InlineData("memory", 404)]
    public async Task A_rail_rebuilt_from_snapshot_and_tail_equals_the_rail_that_wrote_it(string backend, int seed)
    {
        var random = new Random(seed);
        var snapshotEvery = random.Next(2, 12);
        var settings = new RailTestSettings
        {
            Rail = BankChannelOptions.Default with { SendChunkSize = random.Next(2, 6), CompletedHistoryCapacity = random.Next(5, 15) },
            Bank = new SimulatedBankOptions
            {
                Seed = seed,
                TimeoutRate = 0.1,
                TimeoutAfterCreditRate = 0.05,
                ReturnRate = 0.1,
                Latency = TimeSpan.FromSeconds(random.Next(2) == 0 ? 0 : random.Next(1, 20)),
            },
        };
        var context = $"backend {backend}, seed {seed}, SnapshotEvery {snapshotEvery}";

        var referenceClock = NewClock();
        var referenceStorage = new InMemoryGrainStorage(referenceClock);
        var referenceRun = new Run(referenceStorage, referenceClock, 1, settings);
        var referenceStates = await referenceRun.PlayAsync(seed, () => JournalReplayKit.ReadFullAsync<BankChannelState>(referenceStorage, RailGrainId));

        var clock = NewClock();
        await using var store = await JournalReplayKit.OpenStoreAsync(backend, clock);
        var run = new Run(store.Storage, clock, snapshotEvery, settings);
        var tails = new List<int>();
        var rebuiltStates = await run.PlayAsync(seed, async () =>
        {
            var (state, tail) = await JournalReplayKit.RebuildAsync<BankChannelState>(
                store.Storage, RailGrainId, (s, r) => RailJournal.Apply(s, r, settings.Rail.CompletedHistoryCapacity));
            tails.Add(tail);
            return state;
        });
        context += $", tails {string.Join(" ", tails)}";

        Assert.Equal(referenceStates.Count, rebuiltStates.Count);
        for (var i = 0; i < referenceStates.Count; i++)
        {
            var expected = JournalReplayKit.Canonical(referenceStates[i]);
            var actual = JournalReplayKit.Canonical(rebuiltStates[i]);
            Assert.True(expected == actual, $"{context}: at checkpoint {i} the rebuilt rail {actual} differs from the written {expected}");
        }

        Assert.True(tails.Any(t => t > 0), $"{context}: no checkpoint had a tail to replay");
        Assert.Equal(referenceRun.Sink.Notices, run.Sink.Notices);
        Assert.Equal(referenceRun.Status, run.Status);
        Assert.Contains(run.Sink.Notices, n => n.Outcome == Payouts.PayoutOutcome.Credited);
    }

    private static SimulatedTimeProvider NewClock() =>
        new(new AcquirerClock(TimeProvider.System, AcquirerClock.ChinaStandardTime).ToUtc(Start)) { QuiescenceTimeout = TimeSpan.FromSeconds(60) };

    /// <summary>One play of the scenario over one store; a second owner reads the rail back at the end.</summary>
    private sealed class Run(IGrainStorage storage, SimulatedTimeProvider clock, int snapshotEvery, RailTestSettings settings)
    {
        public RecordingSink Sink { get; } = new();

        public string Status { get; private set; } = "";

        public async Task<List<BankChannelState>> PlayAsync(int seed, Func<Task<BankChannelState>> checkpoint)
        {
            var random = new Random(seed);
            var local = new AcquirerClock(clock, AcquirerClock.ChinaStandardTime);
            var states = new List<BankChannelState>();
            var reminders = new InMemoryReminderTable();
            await using (var runtime = await StartAsync(reminders))
            {
                var rail = runtime.GrainFactory.GetGrain<IBankChannelGrain>(BankChannelGrain.KeyFor(ChannelKind.Hvps));
                var payouts = random.Next(20, 45);
                for (var i = 0; i < payouts; i++)
                {
                    var account = $"62220000{random.Next(8):0000}";
                    await rail.EnqueueAsync(RailTestHost.Payout($"P{seed}-{i:000}", ChannelKind.Hvps, random.Next(1, 1_000_000_00), account));
                }

                // A repeat is refused and changes nothing; the queue then waits past its SLA for the 20:30 opening.
                await rail.EnqueueAsync(RailTestHost.Payout($"P{seed}-000", ChannelKind.Hvps));
                states.Add(await checkpoint());
                await clock.AdvanceToAsync(local.ToUtc(Start.Date.AddHours(20).AddMinutes(30)));
                for (var second = 0; second < 90; second++)
                {
                    // The sink fails for a while (errors recorded, notices kept), and payouts keep arriving mid-drain.
                    Sink.Fail = second is >= 3 and < 9;
                    if (second % 7 == 0)
                    {
                        await rail.EnqueueAsync(RailTestHost.Payout($"P{seed}-late{second:00}", ChannelKind.Hvps, random.Next(1, 1_000_000_00)));
                    }

                    await clock.AdvanceAsync(TimeSpan.FromSeconds(1));
                    if (second % 4 == 1)
                    {
                        states.Add(await checkpoint());
                    }
                }

                states.Add(await checkpoint());
            }

            // A second owner over the same store reads the rail back: its status and queue as the first left them.
            await using var successor = await StartAsync(new InMemoryReminderTable());
            var reactivated = successor.GrainFactory.GetGrain<IBankChannelGrain>(BankChannelGrain.KeyFor(ChannelKind.Hvps));
            var status = await reactivated.GetStatusAsync();
            var queue = await reactivated.ListQueueAsync(1000);
            Status = $"{status with { MaintenanceWindows = [] }} queue [{string.Join(",", queue)}]";
            return states;
        }

        private async Task<GrainRuntime> StartAsync(InMemoryReminderTable reminders)
        {
            var calendars = new CalendarSource(BuiltInCalendars.ChinaMainland);
            var runtime = new GrainRuntimeBuilder()
                .UseStorage(storage)
                .UseReminderTable(reminders)
                .UseTimeProvider(clock)
                .Configure(o =>
                {
                    o.IdleSweepInterval = TimeSpan.FromMinutes(10);
                    o.SnapshotEvery = snapshotEvery;
                })
                .AddGrain<IBankChannelGrain, BankChannelGrain>(
                    BankChannelGrain.GrainTypeName,
                    () => new BankChannelGrain(settings.Channels, calendars, Sink, settings.Rail with { BankGrainKey = RailTestHost.BankKey }))
                .AddGrain<ISimulatedBankGrain, SimulatedBankGrain>(SimulatedBankGrain.GrainTypeName, () => new SimulatedBankGrain(settings.Bank))
                .AddGrain<IAlertGrain, AlertGrain>(AlertGrain.GrainTypeName, () => new AlertGrain(settings.Alerts))
                .Build();
            await runtime.StartAsync(CancellationToken.None);
            return runtime;
        }
    }
}
