using System.Text.Json;
using System.Text.RegularExpressions;
using AcquirerEngine.Domain.Ledger;
using AcquirerEngine.Domain.Settlement;
using AcquirerEngine.Grains.Merchants;
using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Storage;
using static AcquirerEngine.Grains.Tests.Scenarios.ScenarioKit;

namespace AcquirerEngine.Grains.Tests.Merchants;

/// <summary>
/// The merchant's settlement run appends journal records (its ledger events, the payout's route, the rail's
/// acceptance) instead of writing its whole state twice. Replay must rebuild exactly what the live grain held,
/// a crash between the run's two writes must not put a payout on a rail twice, and journals written before the
/// tracking records existed (ledger records only) must replay as before.
/// </summary>
public sealed partial class MerchantSettlementJournalTests
{
    private const string MerchantId = "898340149000501";
    private const string TerminalId = "T0000501";
    private static readonly GrainId MerchantGrainId = new(MerchantGrain.GrainTypeName, MerchantId);

    // Snapshots only by size, so every write of the run is what the grain chose, not the snapshot policy.
    private static readonly GrainTestSettings Journaled = new() { SnapshotEvery = 1_000 };

    public static TheoryData<string, long, string, bool> Runs => new()
    {
        // A small T+1 payout (Monday's sales, Tuesday's run: BEPS/IBPS open), one above the 50,000 CNY cap (HVPS,
        // open from the previous evening): both sent at once, so the rail's notices follow the run. A D+1 payout
        // above the cap run on Saturday: HVPS is closed, the payout waits in its queue and the run's appends are
        // the last thing the merchant wrote.
        { "T1", 1_000_00, "2026-11-09", false },
        { "T1", 80_000_00, "2026-11-09", false },
        { "D1", 80_000_00, "2026-11-13", true },
    };

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task A_run_appends_its_records_and_the_merchant_read_back_equals_the_live_one(string cycle, long amountMinor, string saleDay, bool queued)
    {
        var day = DateTime.Parse(saleDay, System.Globalization.CultureInfo.InvariantCulture);
        var host = await GrainTestHost.StartAtAsync(day.AddHours(9), Journaled);
        try
        {
            var terminal = await OnboardAsync(host, Profile(MerchantId, Enum.Parse<SettlementCycle>(cycle), firstSaleHoldAbove: 1_000_000_00), TerminalId);
            await SellAsync(host, terminal, Sale(MerchantId, TerminalId, 1, amountMinor, day.AddHours(10)));
            await SellAsync(host, terminal, Sale(MerchantId, TerminalId, 2, 123_45, day.AddHours(11)));
            await host.AdvanceToLocalAsync(day.AddDays(1).AddMinutes(29));

            host.Selective.Record(MerchantGrainId);
            await host.AdvanceToLocalAsync(day.AddDays(1).AddMinutes(30));
            await host.QuiesceAsync();

            // The run's own write (settled with the route) is an append: records, no state.
            var payout = Assert.Single(await host.Merchant(MerchantId).ListPayoutsAsync()).Payout;
            var writes = host.Selective.WritesOf(MerchantGrainId);
            Assert.True(writes.Count >= 2, $"{writes.Count} merchant writes at the run");
            var (run, next) = (writes[0], writes[1]);
            Assert.True(run.AppendOnly && run.Payload.Length == 0, "the run's ledger write rewrote the state");
            Assert.Contains(run.Records, r => r.RecordId == LedgerRecordIds.SettlementRun(MerchantId, DateOnly.FromDateTime(day.AddDays(1))));
            Assert.Contains(run.Records, r => r.RecordId == MerchantJournal.PayoutRoutedId(payout.PayoutId) && r.Kind == MerchantJournal.PayoutTrackedKind);
            if (queued)
            {
                // A closed rail queues it: the acceptance carries a ledger event (queued), appended by the run.
                Assert.True(next.AppendOnly && next.Payload.Length == 0, "the rail's acceptance rewrote the state");
                Assert.Contains(next.Records, r => r.RecordId == MerchantJournal.PayoutAcceptedId(payout.PayoutId));
                Assert.Contains(next.Records, r => r.RecordId == LedgerRecordIds.PayoutQueued(payout.PayoutId));
            }
            else
            {
                // An open rail took it: the run waited on no commit of its own for the flag, which rode on the
                // merchant's next write (the rail's sent notice, a full state), so no acceptance record was needed.
                Assert.Contains(next.Records, r => r.RecordId == LedgerRecordIds.PayoutSent(payout.PayoutId));
                Assert.False(next.AppendOnly, "the sent notice appended only");
                Assert.DoesNotContain(writes, w => w.Records.Any(r => r.RecordId == MerchantJournal.PayoutAcceptedId(payout.PayoutId)));
            }

            // What the store rebuilds (snapshot + replayed tail) is what the live grain shows, tracking included.
            var (rebuilt, tail) = await JournalReplayKit.RebuildAsync<MerchantGrainState>(host.Storage, MerchantGrainId, MerchantJournal.Apply);
            var tracking = rebuilt.Payouts[payout.PayoutId];
            Assert.True(tracking is { Accepted: true, Channel: not null }, $"rebuilt tracking {tracking}");
            if (queued)
            {
                // Rebuilt by replaying the run's records onto the snapshot taken before it.
                Assert.True(tail >= 2 + 2, $"tail of {tail} records");
                Assert.NotNull(tracking.NextOpeningLocal);
                Assert.Equal(PayoutStatus.Queued, payout.Status);
            }
            else
            {
                // The rail sent it at once; its notices were written after the run.
                Assert.NotNull(tracking.SentAtLocal);
            }

            Assert.Equal(day.AddDays(1).AddMinutes(30), tracking.InstructedAtLocal);
            var live = await JournalReplayKit.MerchantViewsAsync(host, MerchantId);
            Assert.Equal(live.Ledger, JsonSerializer.Serialize(rebuilt.Ledger));

            // Deactivated and activated again from the store: the same merchant, answering the same.
            host = await host.RestartAsync();
            Assert.Equal(live, await JournalReplayKit.MerchantViewsAsync(host, MerchantId));

            await host.AdvanceToLocalAsync(day.AddDays(4).AddHours(12));
            var line = Assert.Single(await StatementAsync(host, MerchantId));
            Assert.Equal(payout.AmountMinor, line.AmountMinor);
            await AssertConservedAsync(host, MerchantId);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Merchants_rebuilt_from_appended_runs_equal_merchants_that_wrote_their_full_state_every_time()
    {
        // Friday's sales: D+1 payouts run on Saturday (above the cap: queued at the closed HVPS), T+1 ones on Monday.
        var start = new DateTime(2026, 11, 13, 9, 0, 0);
        var merchants = new (string Id, SettlementCycle Cycle, long Amount, bool SameBank)[]
        {
            ("898340149000511", SettlementCycle.T1, 1_234_56, false),
            ("898340149000512", SettlementCycle.T1, 90_000_00, false),
            ("898340149000513", SettlementCycle.D1, 95_678_90, false),
            ("898340149000514", SettlementCycle.D1, 2_000_00, true),
            ("898340149000515", SettlementCycle.D1, 45_000_00, false),
        };
        var checkpoints = new[]
        {
            new DateTime(2026, 11, 14, 0, 30, 0), new DateTime(2026, 11, 14, 12, 0, 0), new DateTime(2026, 11, 15, 0, 30, 0),
            new DateTime(2026, 11, 16, 0, 30, 0), new DateTime(2026, 11, 16, 12, 0, 0), new DateTime(2026, 11, 17, 12, 0, 0),
        };

        // The reference writes the full state on every write (SnapshotEvery 1), so its store holds what the live grain held.
        var expected = await PlayAsync(new GrainTestSettings { SnapshotEvery = 1 }, start, merchants, checkpoints, (host, id) =>
            JournalReplayKit.ReadFullAsync<MerchantGrainState>(host.Storage, new GrainId(MerchantGrain.GrainTypeName, id)));
        var tails = new List<int>();
        var actual = await PlayAsync(Journaled, start, merchants, checkpoints, async (host, id) =>
        {
            var (state, tail) = await JournalReplayKit.RebuildAsync<MerchantGrainState>(
                host.Storage, new GrainId(MerchantGrain.GrainTypeName, id), MerchantJournal.Apply);
            tails.Add(tail);
            return state;
        });

        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(
                expected[i] == actual[i],
                $"checkpoint {i / merchants.Length}, merchant {merchants[i % merchants.Length].Id}: the rebuilt state differs from the written one{FirstDifference(actual[i], expected[i])}");
        }

        Assert.Contains(tails, t => t > 0);
        Assert.Contains(expected, s => s.Contains("\"NextOpeningLocal\":\"", StringComparison.Ordinal));
    }

    [Theory]
    // Tuesday's run, the rail open: the acceptance is held in memory only and rides on the merchant's next write, the
    // rail's sent notice; that write fails, so the store keeps "routed, not accepted, not sent".
    [InlineData(1_000_00, "2026-11-09", "payout-sent:")]
    // Saturday's run, HVPS closed: the acceptance (with the queued ledger event) is the run's second append, which fails.
    [InlineData(80_000_00, "2026-11-13", "merchant-payout-accepted:")]
    public async Task A_crash_after_the_rail_accepted_and_before_the_merchant_wrote_it_still_pays_once(long amountMinor, string saleDay, string failedRecord)
    {
        var day = DateTime.Parse(saleDay, System.Globalization.CultureInfo.InvariantCulture);
        var host = await GrainTestHost.StartAtAsync(day.AddHours(9), Journaled);
        try
        {
            var terminal = await OnboardAsync(host, Profile(MerchantId, SettlementCycle.D1, firstSaleHoldAbove: 1_000_000_00), TerminalId);
            await SellAsync(host, terminal, Sale(MerchantId, TerminalId, 1, amountMinor, day.AddHours(10)));
            await host.AdvanceToLocalAsync(day.AddDays(1).AddMinutes(29));

            // The run's first write (ledger + route) lands, the rail queues the payout durably, then the merchant's
            // write of the acceptance fails: the activation is dropped and the store says "routed, not accepted".
            host.Selective.FailNextWriteHolding(failedRecord);
            await host.AdvanceToLocalAsync(day.AddDays(1).AddMinutes(30));
            await host.QuiesceAsync();
            Assert.Equal(1, host.Selective.RecordFailuresInjected);

            // Later the rail's notices or the next run's hand-over (refused as already queued) complete the tracking.
            host = await host.RestartAsync();
            await host.AdvanceToLocalAsync(day.AddDays(5).AddHours(12));
            var payout = Assert.Single(await host.Merchant(MerchantId).ListPayoutsAsync()).Payout;
            Assert.Equal(PayoutStatus.Credited, payout.Status);
            var line = Assert.Single(await host.Bank.GetAllCreditsAsync());
            Assert.Equal(payout.PayoutId, line.PayoutId);
            Assert.Equal(NetCredit(amountMinor), line.AmountMinor);
            Assert.True(await CountJournalAsync(host, MerchantJournal.PayoutAcceptedId(payout.PayoutId)) <= 1);
            await AssertConservedAsync(host, MerchantId);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_journal_of_ledger_records_only_as_the_earlier_code_wrote_it_replays_to_the_same_merchant()
    {
        var start = new DateTime(2026, 11, 9, 9, 0, 0);
        var host = await GrainTestHost.StartAtAsync(start, Journaled);
        try
        {
            // Onboarding writes the snapshot; sales append ledger records only, as every merchant journal did before
            // the settlement run appended tracking records.
            var terminal = await OnboardAsync(host, Profile(MerchantId, firstSaleHoldAbove: 1_000_000_00), TerminalId);
            for (uint stan = 1; stan <= 5; stan++)
            {
                await SellAsync(host, terminal, Sale(MerchantId, TerminalId, stan, 1_000_00 * stan + 7, start.AddHours(stan)));
            }

            var stored = await host.Storage.ReadStateWithTailAsync(MerchantGrainId, CancellationToken.None);
            Assert.NotNull(stored);
            Assert.Equal(5, stored.Tail.Count);
            Assert.All(stored.Tail, r => Assert.True(MerchantJournal.IsLedgerRecord(r.Kind), r.Kind));

            // The earlier replay: every tail record is a ledger event applied to the snapshot's ledger.
            var earlier = JsonSerializer.Deserialize<MerchantGrainState>(stored.Payload)!;
            foreach (var record in stored.Tail)
            {
                earlier.Ledger.Apply(MerchantJournal.FromPayload(record.Payload));
            }

            var (now, _) = await JournalReplayKit.RebuildAsync<MerchantGrainState>(host.Storage, MerchantGrainId, MerchantJournal.Apply);
            Assert.Equal(JournalReplayKit.Canonical(earlier), JournalReplayKit.Canonical(now));

            // A restarted engine activates that merchant from it and settles it.
            var ledger = JsonSerializer.Serialize(await host.Merchant(MerchantId).GetLedgerAsync());
            host = await host.RestartAsync();
            Assert.Equal(ledger, JsonSerializer.Serialize(await host.Merchant(MerchantId).GetLedgerAsync()));
            Assert.Equal(JsonSerializer.Serialize(earlier.Ledger), ledger);
            await host.AdvanceToLocalAsync(new DateTime(2026, 11, 10, 12, 0, 0));
            Assert.Equal(Enumerable.Range(1, 5).Sum(i => NetCredit((1_000_00 * i) + 7)), Assert.Single(await StatementAsync(host, MerchantId)).AmountMinor);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    /// <summary>Onboards and sells for each merchant, then reads each one's state at every checkpoint (canonical JSON).</summary>
    private static async Task<List<string>> PlayAsync(
        GrainTestSettings settings,
        DateTime start,
        (string Id, SettlementCycle Cycle, long Amount, bool SameBank)[] merchants,
        DateTime[] checkpoints,
        Func<GrainTestHost, string, Task<MerchantGrainState>> read)
    {
        var states = new List<string>();
        await using var host = await GrainTestHost.StartAtAsync(start, settings);
        for (var i = 0; i < merchants.Length; i++)
        {
            var (id, cycle, amount, sameBank) = merchants[i];
            var terminalId = $"T05{i:00000}";
            var terminal = await OnboardAsync(host, Profile(id, cycle, firstSaleHoldAbove: 1_000_000_00, sameBank: sameBank), terminalId);
            await SellAsync(host, terminal, Sale(id, terminalId, 1, amount, start.AddHours(1 + i)));
            await SellAsync(host, terminal, Sale(id, terminalId, 2, 99_99, start.AddHours(1 + i).AddMinutes(30)));
        }

        foreach (var checkpoint in checkpoints)
        {
            await host.AdvanceToLocalAsync(checkpoint);
            await host.QuiesceAsync();
            foreach (var (id, _, _, _) in merchants)
            {
                var state = await read(host, id);

                // Raised alerts leave the pending list lazily (the next full write): not part of what replay promises.
                // The bank numbers its traces in the order the rails, draining concurrently, reach it: any number.
                state.PendingAlerts.Clear();
                states.Add(BankTrace().Replace(JournalReplayKit.Canonical(state), "simbank-n"));
            }
        }

        return states;
    }

    [GeneratedRegex("simbank-[0-9]+")]
    private static partial Regex BankTrace();

    private static string FirstDifference(string actual, string expected)
    {
        var at = 0;
        while (at < actual.Length && at < expected.Length && actual[at] == expected[at])
        {
            at++;
        }

        var from = Math.Max(0, at - 200);
        return $" at {at}: rebuilt ...{actual[from..Math.Min(actual.Length, at + 200)]}... written ...{expected[from..Math.Min(expected.Length, at + 200)]}...";
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
