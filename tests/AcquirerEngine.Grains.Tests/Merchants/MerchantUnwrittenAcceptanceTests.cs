using System.Text.Json;
using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Domain.Ledger;
using AcquirerEngine.Domain.Settlement;
using AcquirerEngine.Grains.Merchants;
using AcquirerEngine.Grains.Terminals;
using AcquirerEngine.Runtime;
using static AcquirerEngine.Grains.Tests.Scenarios.ScenarioKit;

namespace AcquirerEngine.Grains.Tests.Merchants;

/// <summary>
/// An open rail's acceptance of a settlement run's payout is held in the merchant's memory only: the run waits on
/// no commit of its own for it. It rides on the merchant's next append or full write, or is appended when the
/// activation leaves gracefully; a crash loses only the flag, which the rail's notices and the next run restore.
/// The rails here send minutes after the run, so the rail's "sent" notice (a full write that would carry the flag
/// anyway) comes after what each test does.
/// </summary>
public sealed class MerchantUnwrittenAcceptanceTests
{
    private const string MerchantId = "898340149000601";
    private const string TerminalId = "T0000601";
    private static readonly GrainId MerchantGrainId = new(MerchantGrain.GrainTypeName, MerchantId);

    // Monday's sale, Tuesday's 00:30 run (D+1): BEPS/IBPS is open, so the rail takes the payout without a ledger event.
    private static readonly DateTime SaleDay = new(2026, 11, 9);
    private static readonly DateTime RunAt = SaleDay.AddDays(1).AddMinutes(30);

    // The interbank rails send in batches every 7 minutes from midnight (00:28, 00:35): the 00:30 run's payout waits
    // on its rail until 00:35, so until then nothing but the paths under test can write the acceptance.
    private static readonly GrainTestSettings BatchedRails = new()
    {
        SnapshotEvery = 1_000,
        Channels =
        [
            ChannelDefaults.Hvps,
            ChannelDefaults.Beps with { BatchInterval = TimeSpan.FromMinutes(7) },
            ChannelDefaults.Ibps with { BatchInterval = TimeSpan.FromMinutes(7) },
            ChannelDefaults.SameBank,
        ],
    };

    [Fact]
    public async Task The_acceptance_rides_on_the_merchants_next_append_and_the_store_then_rebuilds_the_live_merchant()
    {
        var host = await GrainTestHost.StartAtAsync(SaleDay.AddHours(9), BatchedRails);
        try
        {
            var terminal = await RunWithAcceptanceUnwrittenAsync(host);
            var payoutId = await SinglePayoutIdAsync(host);

            // A sale of the same day: its capture appends its ledger record with the acceptance held since the run.
            await SellAsync(host, terminal, Sale(MerchantId, TerminalId, 2, 456_78, RunAt.AddMinutes(1)));
            await host.QuiesceAsync();
            var capture = Assert.Single(host.Selective.WritesOf(MerchantGrainId).Skip(1));
            Assert.True(capture.AppendOnly, "the capture rewrote the state");
            Assert.Contains(capture.Records, r => r.RecordId == MerchantJournal.PayoutAcceptedId(payoutId));
            Assert.Contains(capture.Records, r => r.RecordId.StartsWith($"capture:{MerchantId}:", StringComparison.Ordinal));

            var (rebuilt, _) = await JournalReplayKit.RebuildAsync<MerchantGrainState>(host.Storage, MerchantGrainId, MerchantJournal.Apply);
            Assert.True(rebuilt.Payouts[payoutId] is { Accepted: true, Channel: not null }, $"rebuilt tracking {rebuilt.Payouts[payoutId]}");

            // Activated again from the store: the same merchant, answering the same.
            var live = await JournalReplayKit.MerchantViewsAsync(host, MerchantId);
            host = await host.RestartAsync();
            Assert.Equal(live, await JournalReplayKit.MerchantViewsAsync(host, MerchantId));
            Assert.Equal(1, await CountJournalAsync(host, MerchantJournal.PayoutAcceptedId(payoutId)));
            await AssertPaidOnceAsync(host, payoutId);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_graceful_restart_appends_the_acceptance_held_in_memory_once()
    {
        var host = await GrainTestHost.StartAtAsync(SaleDay.AddHours(9), BatchedRails);
        try
        {
            await RunWithAcceptanceUnwrittenAsync(host);
            var payoutId = await SinglePayoutIdAsync(host);
            var live = await JournalReplayKit.MerchantViewsAsync(host, MerchantId);

            host = await host.RestartAsync();

            Assert.Equal(1, await CountJournalAsync(host, MerchantJournal.PayoutAcceptedId(payoutId)));
            var (rebuilt, _) = await JournalReplayKit.RebuildAsync<MerchantGrainState>(host.Storage, MerchantGrainId, MerchantJournal.Apply);
            Assert.True(rebuilt.Payouts[payoutId] is { Accepted: true, Channel: not null }, $"rebuilt tracking {rebuilt.Payouts[payoutId]}");
            Assert.Equal(live, await JournalReplayKit.MerchantViewsAsync(host, MerchantId));
            await AssertPaidOnceAsync(host, payoutId);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Any_full_write_holds_the_acceptance_so_no_later_write_repeats_it()
    {
        var host = await GrainTestHost.StartAtAsync(SaleDay.AddHours(9), BatchedRails);
        try
        {
            await RunWithAcceptanceUnwrittenAsync(host);
            var payoutId = await SinglePayoutIdAsync(host);

            // A profile change writes the full state (neither a notice nor a ledger commit): the acceptance is in it.
            Assert.True(await host.Merchant(MerchantId).AddTerminalAsync("T-ADDED-AFTER-RUN"));
            var live = await JournalReplayKit.MerchantViewsAsync(host, MerchantId);
            host = await host.RestartAsync();

            Assert.Equal(0, await CountJournalAsync(host, MerchantJournal.PayoutAcceptedId(payoutId)));
            var (rebuilt, _) = await JournalReplayKit.RebuildAsync<MerchantGrainState>(host.Storage, MerchantGrainId, MerchantJournal.Apply);
            Assert.True(rebuilt.Payouts[payoutId] is { Accepted: true, Channel: not null }, $"rebuilt tracking {rebuilt.Payouts[payoutId]}");
            Assert.Equal(live, await JournalReplayKit.MerchantViewsAsync(host, MerchantId));
            await AssertPaidOnceAsync(host, payoutId);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_crash_that_loses_the_acceptance_held_in_memory_still_pays_once_and_restores_it()
    {
        var host = await GrainTestHost.StartAtAsync(SaleDay.AddHours(9), BatchedRails);
        try
        {
            await RunWithAcceptanceUnwrittenAsync(host);
            var payoutId = await SinglePayoutIdAsync(host);

            // The leaving activation's write of the acceptance fails, as if the process had died: the store keeps
            // "routed, not accepted" while the rail holds the payout durably.
            host.Selective.FailNextWriteHolding(MerchantJournal.PayoutAcceptedId(payoutId));
            var failing = host.Selective;
            host = await host.RestartAsync();
            Assert.Equal(1, failing.RecordFailuresInjected);
            Assert.Equal(0, await CountJournalAsync(host, MerchantJournal.PayoutAcceptedId(payoutId)));
            var (rebuilt, _) = await JournalReplayKit.RebuildAsync<MerchantGrainState>(host.Storage, MerchantGrainId, MerchantJournal.Apply);
            Assert.False(rebuilt.Payouts[payoutId].Accepted);

            // The rail's notices (sent once the bank answers, then credited) and the next run complete the tracking.
            await AssertPaidOnceAsync(host, payoutId);
            Assert.True(await CountJournalAsync(host, MerchantJournal.PayoutAcceptedId(payoutId)) <= 1);
            var (restored, _) = await JournalReplayKit.RebuildAsync<MerchantGrainState>(host.Storage, MerchantGrainId, MerchantJournal.Apply);
            Assert.True(restored.Payouts[payoutId].Accepted, $"restored tracking {restored.Payouts[payoutId]}");
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    /// <summary>Sells, runs the 00:30 settlement, and checks the run's only write left the acceptance out of the store.</summary>
    private static async Task<ITerminalGrain> RunWithAcceptanceUnwrittenAsync(GrainTestHost host)
    {
        var terminal = await OnboardAsync(host, Profile(MerchantId, SettlementCycle.D1, firstSaleHoldAbove: 1_000_000_00), TerminalId);
        await SellAsync(host, terminal, Sale(MerchantId, TerminalId, 1, 1_000_00, SaleDay.AddHours(10)));
        await host.AdvanceToLocalAsync(RunAt.AddMinutes(-1));
        host.Selective.Record(MerchantGrainId);
        await host.AdvanceToLocalAsync(RunAt);
        await host.QuiesceAsync();

        var payoutId = await SinglePayoutIdAsync(host);
        var run = Assert.Single(host.Selective.WritesOf(MerchantGrainId));
        Assert.True(run.AppendOnly, "the run rewrote the state");
        Assert.Contains(run.Records, r => r.RecordId == MerchantJournal.PayoutRoutedId(payoutId));
        Assert.DoesNotContain(run.Records, r => r.RecordId == MerchantJournal.PayoutAcceptedId(payoutId));

        var (stored, _) = await JournalReplayKit.RebuildAsync<MerchantGrainState>(host.Storage, MerchantGrainId, MerchantJournal.Apply);
        Assert.False(stored.Payouts[payoutId].Accepted, "the run wrote the acceptance");
        Assert.NotNull(stored.Payouts[payoutId].Channel);
        return terminal;
    }

    private static async Task<string> SinglePayoutIdAsync(GrainTestHost host) =>
        (await host.Merchant(MerchantId).ListPayoutsAsync()).OrderBy(p => p.Payout.PayoutId, StringComparer.Ordinal).First().Payout.PayoutId;

    /// <summary>Days later: the run's payout credited, the bank paid the Monday sale's net exactly once, the ledger conserved.</summary>
    private static async Task AssertPaidOnceAsync(GrainTestHost host, string payoutId)
    {
        await host.AdvanceToLocalAsync(SaleDay.AddDays(5).AddHours(12));
        var payout = Assert.Single(await host.Merchant(MerchantId).ListPayoutsAsync(), p => p.Payout.PayoutId == payoutId).Payout;
        Assert.Equal(PayoutStatus.Credited, payout.Status);
        var line = Assert.Single(await host.Bank.GetAllCreditsAsync(), l => l.PayoutId == payoutId);
        Assert.Equal(NetCredit(1_000_00), line.AmountMinor);
        Assert.Equal(payout.AmountMinor, line.AmountMinor);
        await AssertConservedAsync(host, MerchantId);
    }

    private static async Task<int> CountJournalAsync(GrainTestHost host, string recordId)
    {
        var count = 0;
        await foreach (var record in host.Storage.ReadGrainJournalAsync(MerchantGrainId, CancellationToken.None))
        {
            count += record.RecordId == recordId ? 1 : 0;
        }

        return count;
    }
}
