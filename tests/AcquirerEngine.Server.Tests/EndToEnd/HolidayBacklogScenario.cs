using System.Globalization;
using AcquirerEngine.Contracts.V1;

namespace AcquirerEngine.Server.Tests.EndToEnd;

/// <summary>
/// National Day 2026 (Oct 1-7 holiday, HVPS closed until 2026-10-07 20:30 for working day Oct 8): twelve D+1
/// merchants each take one sale above the 50,000 CNY BEPS/IBPS per-item cap every day Oct 1-6, so every
/// daily payout (run dates Oct 2-7) must wait in the HVPS queue. The server is killed with SIGKILL twice:
/// once while the backlog is queued (Oct 4) and once in the middle of the drain (Oct 7 20:30:01, at HVPS's
/// modeled 20 payouts per second the 72-payout backlog takes four drains). After each restart on the same
/// store nothing is lost, nothing is paid twice, and the queue drains in the order it was built.
/// Shared by the embedded-store and the PostgreSQL tests.
/// </summary>
public static class HolidayBacklogScenario
{
    public const int MerchantCount = 12;

    /// <summary>Sale days: Oct 1-6 (D+1 run dates Oct 2-7, all inside the holiday).</summary>
    public const int SaleDays = 6;

    public const int ExpectedPayouts = MerchantCount * SaleDays;

    private const string HvpsOpening = "2026-10-07T20:30:00";

    public static async Task RunAsync(string dataDirectory, IReadOnlyDictionary<string, string> storage)
    {
        List<Payout> paid;
        await using (var engine = await HolidayBacklogEngine.StartAsync(dataDirectory, storage, "2026-09-30T20:00:00"))
        {
            try
            {
                paid = await RunAsync(engine);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                throw new Xunit.Sdk.XunitException(
                    $"{ex.GetType().Name}: {ex.Message}\n--- server output (process #{engine.Restarts + 1}) ---\n{Tail(engine.Output)}\n--- inner ---\n{ex}");
            }
        }

        // The bank's own record, read from the store once the last server is gone: exactly one credit per
        // payout, for the payout's amount, under the trace the merchant was told.
        var credits = await HolidayBacklogBankJournal.ReadCreditsAsync(dataDirectory, storage);
        Assert.Equal(ExpectedPayouts, credits.Count);
        Assert.Equal(
            paid.OrderBy(p => p.PayoutId, StringComparer.Ordinal).Select(p => (p.PayoutId, p.AmountMinor, p.TraceId)),
            credits.OrderBy(c => c.PayoutId, StringComparer.Ordinal).Select(c => (c.PayoutId, c.AmountMinor, c.TraceId)));
    }

    private static async Task<List<Payout>> RunAsync(HolidayBacklogEngine engine)
    {
        var batches = new Dictionary<string, uint>();
        foreach (var merchantId in Merchants())
        {
            batches[merchantId] = await OnboardAsync(engine.Clients, merchantId);
        }

        // Phase 1: the backlog builds up during the holiday; the server dies with three days queued.
        for (var day = 1; day <= 4; day++)
        {
            await engine.AdvanceToAsync(SaleTime(day));
            await TakeSalesAsync(engine.Clients, batches, day);
        }

        await engine.AdvanceToAsync("2026-10-04T12:00:00");
        var beforeFirstKill = await SnapshotAsync(engine.Clients);
        AssertQueuedForHoliday(beforeFirstKill, runDays: 3);
        var explained = await engine.Clients.Operator.ExplainPayoutAsync(new ExplainPayoutRequest
        {
            MerchantId = Merchants().First(),
            PayoutId = beforeFirstKill.Payouts[Merchants().First()][0].PayoutId,
        });
        Assert.Equal(MoneyState.QueuedForClosedChannel, explained.State);
        Assert.Equal(Channel.Hvps, explained.Channel);
        // R4: HVPS takes working day Oct 8's business from 20:30 the evening before: sent on Oct 7 at 20:30,
        // the credit counts for (is value-dated) Oct 8, and the explanation says so.
        Assert.Equal("2026-10-08", explained.ExpectedArrivalDate);
        Assert.Contains("HVPS night session, which counts as business of 2026-10-08", explained.Reason, StringComparison.Ordinal);
        Assert.Contains("HVPS", explained.Reason, StringComparison.Ordinal);
        foreach (var merchantId in Merchants())
        {
            var balance = beforeFirstKill.Balances[merchantId];
            Assert.Equal(Enumerable.Range(1, 3).Sum(d => Net(merchantId, d)), balance.QueuedMinor);
            Assert.Equal(Net(merchantId, 4), balance.PendingMinor);
            Assert.Equal(0, balance.PaidMinor);
        }

        await engine.KillAndRestartAsync();

        var afterFirstRestart = await SnapshotAsync(engine.Clients);
        AssertQueuedForHoliday(afterFirstRestart, runDays: 3);
        foreach (var merchantId in Merchants())
        {
            Assert.Equal(beforeFirstKill.Payouts[merchantId], afterFirstRestart.Payouts[merchantId]);
            Assert.Equal(beforeFirstKill.Balances[merchantId], afterFirstRestart.Balances[merchantId]);
        }

        // Phase 2: the holiday goes on after the restart; the queue keeps growing behind what survived.
        for (var day = 5; day <= SaleDays; day++)
        {
            await engine.AdvanceToAsync(SaleTime(day));
            await TakeSalesAsync(engine.Clients, batches, day);
        }

        await engine.AdvanceToAsync("2026-10-07T20:29:59");
        var fullBacklog = await SnapshotAsync(engine.Clients);
        AssertQueuedForHoliday(fullBacklog, runDays: SaleDays);

        // Phase 3: HVPS opens at 20:30:00 and drains 20 a second; the server dies after the 20:30:01 drain.
        await engine.AdvanceToAsync("2026-10-07T20:30:01");
        var midDrain = await SnapshotAsync(engine.Clients);
        var hvpsMidDrain = Hvps(midDrain);
        Assert.Equal(ChannelState.Open, hvpsMidDrain.State);
        var paidMidDrain = midDrain.AllPayouts.Where(p => p.State == MoneyState.Paid).ToList();
        var unpaidMidDrain = midDrain.AllPayouts.Where(p => p.State != MoneyState.Paid).ToList();

        // Opened at 20:30:00, drained at 20:30:00 and 20:30:01, each drain one second's worth at the modeled rate.
        Assert.Equal(2 * AcquirerEngine.Domain.Channels.ChannelDefaults.Hvps.PayoutsPerSecond, paidMidDrain.Count);
        Assert.True(
            paidMidDrain.Count > 0 && unpaidMidDrain.Count > 0,
            $"the kill must come in the middle of the drain: {paidMidDrain.Count} paid, {unpaidMidDrain.Count} not paid, HVPS queue {hvpsMidDrain.QueueDepth}");
        Assert.Equal(ExpectedPayouts, midDrain.AllPayouts.Count);
        Assert.Equal((uint)unpaidMidDrain.Count, hvpsMidDrain.QueueDepth);

        // What went first is the head of the queue: every earlier run date before any later one.
        Assert.True(
            string.CompareOrdinal(paidMidDrain.Max(p => p.ValueDate), unpaidMidDrain.Min(p => p.ValueDate)) <= 0,
            "the drain overtook the queue order: a later run date was paid before an earlier one");
        Assert.All(paidMidDrain, p => Assert.False(string.IsNullOrEmpty(p.TraceId)));

        await engine.KillAndRestartAsync();

        var afterSecondRestart = await SnapshotAsync(engine.Clients);
        Assert.Equal(hvpsMidDrain.QueueDepth, Hvps(afterSecondRestart).QueueDepth);
        Assert.Equal(
            paidMidDrain.ToDictionary(p => p.PayoutId, p => p.TraceId),
            afterSecondRestart.AllPayouts.Where(p => p.State == MoneyState.Paid).ToDictionary(p => p.PayoutId, p => p.TraceId));

        // Phase 4: the rest drains after the restart; the next morning everything is settled.
        await engine.AdvanceToAsync("2026-10-08T12:00:00");
        var final = await SnapshotAsync(engine.Clients);
        AssertAllPaidExactlyOnce(final, paidMidDrain);
        foreach (var merchantId in Merchants())
        {
            var explanation = await engine.Clients.Operator.ExplainTransactionAsync(new ExplainTransactionRequest
            {
                MerchantId = merchantId,
                TerminalId = TerminalOf(merchantId),
                BatchNo = batches[merchantId],
                Stan = 1,
                LocalDate = "2026-10-01",
            });
            var firstPayout = final.Payouts[merchantId][0];
            Assert.Equal(MoneyState.Paid, explanation.State);
            Assert.Equal(firstPayout.TraceId, explanation.PayoutTraceId);
            Assert.Equal(firstPayout.PayoutId, explanation.PayoutId);
        }

        return final.AllPayouts;
    }

    private static void AssertQueuedForHoliday(Snapshot snapshot, int runDays)
    {
        var hvps = Hvps(snapshot);
        Assert.Equal(ChannelState.ClosedForHoliday, hvps.State);
        Assert.Equal(HvpsOpening, hvps.NextOpening);
        Assert.Equal((uint)(MerchantCount * runDays), hvps.QueueDepth);
        Assert.All(snapshot.Channels.Channels.Where(c => c.Channel != Channel.Hvps), c => Assert.Equal(0u, c.QueueDepth));
        foreach (var merchantId in Merchants())
        {
            var payouts = snapshot.Payouts[merchantId];
            Assert.Equal(RunDates(runDays), payouts.Select(p => p.ValueDate));
            Assert.Equal(Enumerable.Range(1, runDays).Select(d => Net(merchantId, d)), payouts.Select(p => p.AmountMinor));
            Assert.All(payouts, p =>
            {
                Assert.Equal(MoneyState.QueuedForClosedChannel, p.State);
                Assert.Equal(Channel.Hvps, p.Channel);
                Assert.Equal("", p.TraceId);
            });
        }
    }

    private static void AssertAllPaidExactlyOnce(Snapshot final, List<Payout> paidBeforeSecondKill)
    {
        Assert.All(final.Channels.Channels, c => Assert.Equal(0u, c.QueueDepth));
        Assert.Equal(ExpectedPayouts, final.AllPayouts.Count);
        Assert.Equal(ExpectedPayouts, final.AllPayouts.Select(p => p.PayoutId).Distinct().Count());
        Assert.Equal(ExpectedPayouts, final.AllPayouts.Select(p => p.TraceId).Distinct().Count());
        foreach (var merchantId in Merchants())
        {
            var payouts = final.Payouts[merchantId];
            Assert.Equal(RunDates(SaleDays), payouts.Select(p => p.ValueDate));
            Assert.Equal(Enumerable.Range(1, SaleDays).Select(d => Net(merchantId, d)), payouts.Select(p => p.AmountMinor));
            Assert.All(payouts, p =>
            {
                Assert.Equal(MoneyState.Paid, p.State);
                Assert.Equal(Channel.Hvps, p.Channel);
                Assert.False(string.IsNullOrEmpty(p.TraceId));
                // Never before HVPS opened, and not a day late: the whole backlog goes in seconds at 20:30.
                Assert.Contains("at 2026-10-07 20:30", p.Reason, StringComparison.Ordinal);
            });

            // Money is conserved: captured - fees = paid, nothing left anywhere else.
            var balance = final.Balances[merchantId];
            var captured = Enumerable.Range(1, SaleDays).Sum(d => Amount(merchantId, d));
            var fees = Enumerable.Range(1, SaleDays).Sum(d => Fee(merchantId, d));
            Assert.Equal(fees, balance.FeesMinor);
            Assert.Equal(captured - fees, balance.PaidMinor);
            Assert.Equal(payouts.Sum(p => p.AmountMinor), balance.PaidMinor);
            Assert.Equal(
                (0L, 0L, 0L, 0L, 0L, 0L),
                (balance.PendingMinor, balance.HeldMinor, balance.QueuedMinor, balance.InTransitMinor, balance.ReturnedMinor, balance.DeferredMinor));
        }

        // The payouts paid before the second kill kept their bank trace: they were not credited again.
        var finalById = final.AllPayouts.ToDictionary(p => p.PayoutId);
        Assert.All(paidBeforeSecondKill, p => Assert.Equal(p.TraceId, finalById[p.PayoutId].TraceId));

        // The bank numbers its credits in the order it makes them: in that order the run dates never go back
        // (the queue was built day by day, across the first restart), and what was paid before the second kill
        // comes before everything paid after it.
        var byCreditOrder = final.AllPayouts.OrderBy(p => TraceSequence(p.TraceId)).ToList();
        for (var i = 1; i < byCreditOrder.Count; i++)
        {
            Assert.True(
                string.CompareOrdinal(byCreditOrder[i - 1].ValueDate, byCreditOrder[i].ValueDate) <= 0,
                $"credit order broke queue order: {byCreditOrder[i - 1].PayoutId} (run {byCreditOrder[i - 1].ValueDate}, trace {byCreditOrder[i - 1].TraceId}) "
                + $"before {byCreditOrder[i].PayoutId} (run {byCreditOrder[i].ValueDate}, trace {byCreditOrder[i].TraceId})");
        }

        // The bank numbers every credit it ever makes, from 1: 72 payouts took exactly the numbers 1..72, so
        // no credit was made that the ledgers do not know of (a second credit of one payout would leave a gap).
        Assert.Equal(Enumerable.Range(1, ExpectedPayouts).Select(n => (long)n), byCreditOrder.Select(p => TraceSequence(p.TraceId)));

        var earlyIds = paidBeforeSecondKill.Select(p => p.PayoutId).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(earlyIds, byCreditOrder.Take(earlyIds.Count).Select(p => p.PayoutId).ToHashSet(StringComparer.Ordinal));
    }

    private static async Task<uint> OnboardAsync(EngineClients clients, string merchantId)
    {
        var onboarding = EngineClients.Onboarding(merchantId, SettlementCycle.D1);

        // Nothing is held for review: this test is about the rail, not risk.
        onboarding.Risk = new RiskProfile { FirstSaleReviewThresholdMinor = 100_000_000 };
        await clients.Operator.OnboardMerchantAsync(onboarding);
        var terminalId = TerminalOf(merchantId);
        await clients.Operator.RegisterTerminalAsync(new RegisterTerminalRequest { MerchantId = merchantId, TerminalId = terminalId });
        var signOn = await clients.Terminal.SignOnAsync(new SignOnRequest { MerchantId = merchantId, TerminalId = terminalId });
        return signOn.BatchNo;
    }

    private static async Task TakeSalesAsync(EngineClients clients, Dictionary<string, uint> batches, int day)
    {
        foreach (var merchantId in Merchants())
        {
            var sale = await clients.Terminal.SaleAsync(new SaleRequest
            {
                MerchantId = merchantId,
                TerminalId = TerminalOf(merchantId),
                BatchNo = batches[merchantId],
                Stan = (uint)day,
                AmountMinor = Amount(merchantId, day),
                Currency = "CNY",
                CardType = CardType.Credit,
                CardToken = $"tok_holiday_{merchantId}_{day}",
                LocalTime = SaleTime(day),
            });
            Assert.Equal(SaleResult.Approved, sale.Result);
        }
    }

    private static async Task<Snapshot> SnapshotAsync(EngineClients clients)
    {
        var channels = await clients.Operator.ListChannelsAsync(new ListChannelsRequest());
        var payouts = new Dictionary<string, List<Payout>>(StringComparer.Ordinal);
        var balances = new Dictionary<string, MerchantBalance>(StringComparer.Ordinal);
        foreach (var merchantId in Merchants())
        {
            payouts[merchantId] = [.. (await clients.Operator.ListPayoutsAsync(new ListPayoutsRequest { MerchantId = merchantId })).Payouts];
            balances[merchantId] = await clients.Operator.GetMerchantBalanceAsync(new GetMerchantBalanceRequest { MerchantId = merchantId });
        }

        return new Snapshot(channels, payouts, balances);
    }

    private static ChannelStatus Hvps(Snapshot snapshot) => Assert.Single(snapshot.Channels.Channels, c => c.Channel == Channel.Hvps);

    private static IEnumerable<string> Merchants() => Enumerable.Range(1, MerchantCount).Select(m => $"89834014970{m:D4}");

    private static string TerminalOf(string merchantId) => "TH" + merchantId[^6..];

    private static int MerchantNumber(string merchantId) => int.Parse(merchantId[^4..], CultureInfo.InvariantCulture);

    private static string SaleTime(int day) => $"2026-10-{day:D2}T10:00:00";

    private static IEnumerable<string> RunDates(int days) => Enumerable.Range(1, days).Select(d => $"2026-10-{d + 1:D2}");

    /// <summary>Above the 50,000 CNY per-item cap even after the fee; never a round amount; whole fen at 0.6%.</summary>
    private static long Amount(string merchantId, int day) => 6_000_000 + (MerchantNumber(merchantId) * 10_000) + (day * 1_000);

    private static long Fee(string merchantId, int day) => Amount(merchantId, day) * 6 / 1_000;

    private static long Net(string merchantId, int day) => Amount(merchantId, day) - Fee(merchantId, day);

    private static long TraceSequence(string traceId) =>
        long.Parse(traceId[(traceId.LastIndexOf('-') + 1)..], NumberStyles.None, CultureInfo.InvariantCulture);

    private static string Tail(string output) => output.Length <= 6_000 ? output : output[^6_000..];

    private sealed record Snapshot(
        ListChannelsResponse Channels,
        Dictionary<string, List<Payout>> Payouts,
        Dictionary<string, MerchantBalance> Balances)
    {
        public List<Payout> AllPayouts { get; } = [.. Payouts.Values.SelectMany(p => p)];
    }
}
