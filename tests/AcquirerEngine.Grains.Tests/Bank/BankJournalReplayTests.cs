using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Grains.Bank;
using AcquirerEngine.Grains.Channels;
using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.InMemory;
using AcquirerEngine.Runtime.Storage;
using AcquirerEngine.Runtime.Time;

namespace AcquirerEngine.Grains.Tests.Bank;

/// <summary>
/// The simulated bank appends one record per credit, return or lost request. Seeded random credits (with
/// lost requests, lost replies, returns, frozen accounts and latency) run on a reference that writes the full
/// state every time and on a store that appends; the snapshot plus replayed tail must equal the reference,
/// and a second owner over the same store must answer every payout as the reference does. A failure names
/// its backend and seed.
/// </summary>
public sealed class BankJournalReplayTests
{
    private const string BankKey = "simbank";
    private static readonly GrainId BankGrainId = new(SimulatedBankGrain.GrainTypeName, BankKey);

    [Theory]
    [InlineData("memory", 201)]
    [InlineData("memory", 202)]
    [InlineData("sqlite", 203)]
    [InlineData("sqlite", 204)]
    public async Task A_bank_rebuilt_from_snapshot_and_tail_equals_the_bank_that_wrote_it(string backend, int seed)
    {
        var random = new Random(seed);
        var snapshotEvery = random.Next(2, 12);
        var context = $"backend {backend}, seed {seed}, SnapshotEvery {snapshotEvery}";
        var options = new SimulatedBankOptions
        {
            Seed = seed,
            TimeoutRate = 0.15,
            TimeoutAfterCreditRate = 0.1,
            ReturnRate = 0.1,
            Latency = TimeSpan.FromSeconds(random.Next(0, 120)),
        };
        var clock = new SimulatedTimeProvider(new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero), AcquirerClock.ChinaStandardTime);
        var referenceStorage = new InMemoryGrainStorage(clock);
        await using var reference = await StartRuntimeAsync(referenceStorage, clock, 1, options);
        await using var store = await JournalReplayKit.OpenStoreAsync(backend, clock);
        await using var owner = await StartRuntimeAsync(store.Storage, clock, snapshotEvery, options);
        var referenceBank = reference.GrainFactory.GetGrain<ISimulatedBankGrain>(BankKey);
        var bank = owner.GrainFactory.GetGrain<ISimulatedBankGrain>(BankKey);

        var payouts = new List<CreditRequest>();
        var steps = random.Next(40, 120);
        for (var step = 0; step < steps; step++)
        {
            var account = $"62220000{random.Next(6):0000}";
            var roll = random.Next(100);
            if (roll < 8)
            {
                await referenceBank.FreezeAccountAsync("ICBC", account);
                await bank.FreezeAccountAsync("ICBC", account);
                continue;
            }

            // Mostly new payouts, sometimes a retry of an earlier one (the idempotent answer, or fresh dice after a loss).
            var request = roll < 30 && payouts.Count > 0
                ? payouts[random.Next(payouts.Count)]
                : new CreditRequest($"P{seed}-{step:0000}", "ICBC", account, random.Next(1, 100_000_00), ChannelKind.Ibps);
            payouts.Add(request);
            var expected = await referenceBank.CreditAsync(request);
            var actual = await bank.CreditAsync(request);
            Assert.True(expected == actual, $"{context}: payout {request.PayoutId}: reference answered {expected}, journaled {actual}");
            await clock.AdvanceAsync(TimeSpan.FromSeconds(random.Next(1, 60)));
        }

        var written = JournalReplayKit.Canonical(await JournalReplayKit.ReadFullAsync<SimulatedBankState>(referenceStorage, BankGrainId));
        var (rebuilt, tail) = await JournalReplayKit.RebuildAsync<SimulatedBankState>(store.Storage, BankGrainId, BankJournal.Apply);
        context += $", tail {tail}";
        Assert.True(written == JournalReplayKit.Canonical(rebuilt), $"{context}: rebuilt {JournalReplayKit.Canonical(rebuilt)} differs from written {written}");

        // A second owner over the same store (the first never left gracefully) answers like the reference.
        await using var successor = await StartRuntimeAsync(store.Storage, clock, snapshotEvery, options);
        var reactivated = successor.GrainFactory.GetGrain<ISimulatedBankGrain>(BankKey);
        Assert.Equal(
            (await referenceBank.GetAllCreditsAsync()).Select(l => l.TraceId),
            (await reactivated.GetAllCreditsAsync()).Select(l => l.TraceId));
        var next = new CreditRequest($"P{seed}-next", "ICBC", "6222999999999999", 1_00, ChannelKind.Ibps);
        Assert.Equal(await referenceBank.CreditAsync(next), await reactivated.CreditAsync(next));
    }

    private static async Task<GrainRuntime> StartRuntimeAsync(IGrainStorage storage, TimeProvider clock, int snapshotEvery, SimulatedBankOptions options)
    {
        var runtime = new GrainRuntimeBuilder()
            .UseStorage(storage)
            .UseReminderTable(new InMemoryReminderTable())
            .UseTimeProvider(clock)
            .Configure(o => o.SnapshotEvery = snapshotEvery)
            .AddGrain<ISimulatedBankGrain, SimulatedBankGrain>(SimulatedBankGrain.GrainTypeName, () => new SimulatedBankGrain(options))
            .Build();
        await runtime.StartAsync(CancellationToken.None);
        return runtime;
    }
}
