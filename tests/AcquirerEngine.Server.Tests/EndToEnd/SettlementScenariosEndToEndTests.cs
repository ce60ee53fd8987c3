using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Grpc;

namespace AcquirerEngine.Server.Tests.EndToEnd;

/// <summary>
/// Scenarios 5, 15 and 16 of SETTLEMENT-RULES.md and the payout rails' operator controls, through the real
/// server process over gRPC on the simulated clock: HVPS hours, fees, "where is my money", maintenance windows.
/// </summary>
public sealed class SettlementScenariosEndToEndTests
{
    private const string TerminalId = "T0000001";

    [Fact]
    public async Task Scenario5_R4_80000CnyPayoutSubmittedAt1720OnAWorkingDay_WaitsForTheHvpsOpeningAt2030_IsValueDatedTheNextWorkingDay_AndTheExplanationSaysSo()
    {
        await using var engine = await SimulatedEngine.StartAsync(
            "2026-11-16T09:00:00", new Dictionary<string, string> { ["Settlement:RunTime"] = "17:20" });
        var merchantId = "898340149000305";
        var onboarding = EngineClients.Onboarding(merchantId);
        onboarding.Risk = new RiskProfile { FirstSaleReviewThresholdMinor = 100_000_000 };
        var batchNo = await engine.Clients.OnboardAndSignOnAsync(onboarding, TerminalId);
        await engine.AdvanceToAsync("2026-11-16T10:00:00");
        Assert.Equal(SaleResult.Approved, (await engine.Clients.Terminal.SaleAsync(Sale(merchantId, batchNo, 1, 8_000_000, "2026-11-16T10:00:00", CardType.Credit))).Result);
        const long net = 8_000_000 - 48_000;
        var pending = await engine.ExplainAsync(merchantId, batchNo, 1, "2026-11-16");

        // Tue 2026-11-17 17:20: the run instructs 79,520 CNY, above the BEPS and IBPS caps, after HVPS closed at 17:15.
        await engine.AdvanceToAsync("2026-11-17T17:30:00");
        var queued = await engine.ExplainAsync(merchantId, batchNo, 1, "2026-11-16");
        var queuedPayout = await engine.Clients.Operator.ExplainPayoutAsync(new ExplainPayoutRequest { MerchantId = merchantId, PayoutId = queued.PayoutId });
        var channels = await engine.Clients.Operator.ListChannelsAsync(new ListChannelsRequest());
        var queuedBalance = await engine.Clients.Operator.GetMerchantBalanceAsync(new GetMerchantBalanceRequest { MerchantId = merchantId });
        await engine.AdvanceToAsync("2026-11-17T20:29:00");
        var justBeforeOpening = await engine.ExplainAsync(merchantId, batchNo, 1, "2026-11-16");
        await engine.AdvanceToAsync("2026-11-17T21:00:00");
        var paid = await engine.ExplainAsync(merchantId, batchNo, 1, "2026-11-16");
        var payout = Assert.Single((await engine.Clients.Operator.ListPayoutsAsync(new ListPayoutsRequest { MerchantId = merchantId })).Payouts);
        var paidBalance = await engine.Clients.Operator.GetMerchantBalanceAsync(new GetMerchantBalanceRequest { MerchantId = merchantId });

        // R4: HVPS business from 20:30 counts for the next working day, so a payout sent at 20:30 on Tue 11-17
        // arrives (is value-dated) Wed 11-18, and every answer along the way says so.
        Assert.Equal((MoneyState.PendingClearing, "2026-11-16", "2026-11-18"), (pending.State, pending.ClearingDate, pending.ExpectedArrivalDate));
        Assert.Equal(MoneyState.QueuedForClosedChannel, queued.State);
        Assert.Equal(Channel.Hvps, queued.Channel);
        Assert.Contains("HVPS", queued.Reason, StringComparison.Ordinal);
        Assert.Contains("20:30", queued.Reason, StringComparison.Ordinal);
        Assert.Equal(("2026-11-16", "2026-11-18", net), (queued.ClearingDate, queued.ExpectedArrivalDate, queued.AmountMinor));
        Assert.Contains("HVPS night session, which counts as business of 2026-11-18", queued.Reason, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(queued.PayoutId));
        Assert.Equal((MoneyState.QueuedForClosedChannel, Channel.Hvps, "2026-11-18", net), (queuedPayout.State, queuedPayout.Channel, queuedPayout.ExpectedArrivalDate, queuedPayout.AmountMinor));
        Assert.Contains("20:30", queuedPayout.Reason, StringComparison.Ordinal);
        var hvps = Assert.Single(channels.Channels, c => c.Channel == Channel.Hvps);
        Assert.Equal((ChannelState.ClosedByHours, "2026-11-17T20:30:00", 1u), (hvps.State, hvps.NextOpening, hvps.QueueDepth));
        Assert.Equal((net, 0L, 0L), (queuedBalance.QueuedMinor, queuedBalance.PaidMinor, queuedBalance.PendingMinor));
        Assert.Equal(MoneyState.QueuedForClosedChannel, justBeforeOpening.State);

        Assert.Equal((MoneyState.Paid, Channel.Hvps, "2026-11-18"), (paid.State, paid.Channel, paid.ExpectedArrivalDate));
        Assert.Contains("20:30", paid.Reason, StringComparison.Ordinal);
        Assert.Contains("value-dated 2026-11-18", paid.Reason, StringComparison.Ordinal);
        Assert.Equal((MoneyState.Paid, Channel.Hvps, "2026-11-17", net), (payout.State, payout.Channel, payout.ValueDate, payout.AmountMinor));
        Assert.Equal(payout.PayoutId, queued.PayoutId);
        Assert.Equal(payout.TraceId, paid.PayoutTraceId);
        Assert.False(string.IsNullOrEmpty(payout.TraceId));
        Assert.Equal((net, 0L, 48_000L), (paidBalance.PaidMinor, paidBalance.QueuedMinor, paidBalance.FeesMinor));
    }

    [Fact]
    public async Task Scenario15_Debit10000CnyFeeIsCappedAt20_Credit10000CnyFeeIs60_InTheBalanceAndThePaidAmount()
    {
        await using var engine = await SimulatedEngine.StartAsync("2026-11-16T09:00:00");
        var merchantId = "898340149000315";
        var batchNo = await engine.Clients.OnboardAndSignOnAsync(merchantId, TerminalId);
        await engine.AdvanceToAsync("2026-11-16T10:00:00");
        Assert.Equal(SaleResult.Approved, (await engine.Clients.Terminal.SaleAsync(Sale(merchantId, batchNo, 1, 1_000_000, "2026-11-16T10:00:00", CardType.Debit))).Result);
        Assert.Equal(SaleResult.Approved, (await engine.Clients.Terminal.SaleAsync(Sale(merchantId, batchNo, 2, 1_000_000, "2026-11-16T10:00:00", CardType.Credit))).Result);
        Assert.Equal(SaleResult.Approved, (await engine.Clients.Terminal.SaleAsync(Sale(merchantId, batchNo, 3, 200_000, "2026-11-16T10:00:00", CardType.Debit))).Result);

        var debit = await engine.ExplainAsync(merchantId, batchNo, 1, "2026-11-16");
        var credit = await engine.ExplainAsync(merchantId, batchNo, 2, "2026-11-16");
        var smallDebit = await engine.ExplainAsync(merchantId, batchNo, 3, "2026-11-16");
        var pendingBalance = await engine.Clients.Operator.GetMerchantBalanceAsync(new GetMerchantBalanceRequest { MerchantId = merchantId });
        await engine.AdvanceToAsync("2026-11-17T12:00:00");
        var payout = Assert.Single((await engine.Clients.Operator.ListPayoutsAsync(new ListPayoutsRequest { MerchantId = merchantId })).Payouts);
        var paidBalance = await engine.Clients.Operator.GetMerchantBalanceAsync(new GetMerchantBalanceRequest { MerchantId = merchantId });
        var paidDebit = await engine.ExplainAsync(merchantId, batchNo, 1, "2026-11-16");

        // Debit 10,000.00 at 0.5% would be 50.00: capped at 20.00. Credit 10,000.00 at 0.6%: 60.00. Debit 2,000.00: 10.00, under the cap.
        Assert.Equal(1_000_000 - 2_000, debit.AmountMinor);
        Assert.Equal(1_000_000 - 6_000, credit.AmountMinor);
        Assert.Equal(200_000 - 1_000, smallDebit.AmountMinor);
        const long fees = 2_000 + 6_000 + 1_000;
        const long net = 2_200_000 - fees;
        Assert.Equal((fees, net, 0L), (pendingBalance.FeesMinor, pendingBalance.PendingMinor, pendingBalance.PaidMinor));
        Assert.Equal((MoneyState.Paid, "2026-11-17", net), (payout.State, payout.ValueDate, payout.AmountMinor));
        Assert.Equal((fees, net, 0L), (paidBalance.FeesMinor, paidBalance.PaidMinor, paidBalance.PendingMinor));
        Assert.Equal((MoneyState.Paid, 1_000_000L - 2_000), (paidDebit.State, paidDebit.AmountMinor));
    }

    [Fact]
    public async Task Scenario16_WhereIsMyMoney_NamesStateReasonClearingDateArrivalAndTrace_ForPendingHeldAndPaid()
    {
        await using var engine = await SimulatedEngine.StartAsync("2026-11-16T09:00:00");
        var merchantId = "898340149000316";
        var onboarding = EngineClients.Onboarding(merchantId);
        onboarding.Risk = new RiskProfile { FirstSaleReviewThresholdMinor = 50_000 };
        var batchNo = await engine.Clients.OnboardAndSignOnAsync(onboarding, TerminalId);
        await engine.AdvanceToAsync("2026-11-16T10:00:00");
        Assert.Equal(SaleResult.Approved, (await engine.Clients.Terminal.SaleAsync(Sale(merchantId, batchNo, 1, 60_000, "2026-11-16T10:00:00", CardType.Credit))).Result);
        Assert.Equal(SaleResult.Approved, (await engine.Clients.Terminal.SaleAsync(Sale(merchantId, batchNo, 2, 20_000, "2026-11-16T10:05:00", CardType.Credit))).Result);

        var held = await engine.ExplainAsync(merchantId, batchNo, 1, "2026-11-16");
        var pending = await engine.ExplainAsync(merchantId, batchNo, 2, "2026-11-16");
        var unknown = await Assert.ThrowsAsync<RpcException>(() => engine.ExplainAsync(merchantId, batchNo, 99, "2026-11-16"));
        var unknownPayout = await Assert.ThrowsAsync<RpcException>(() =>
            engine.Clients.Operator.ExplainPayoutAsync(new ExplainPayoutRequest { MerchantId = merchantId, PayoutId = "no-such-payout" }));
        await engine.AdvanceToAsync("2026-11-17T12:00:00");
        var paid = await engine.ExplainAsync(merchantId, batchNo, 2, "2026-11-16");
        var stillHeld = await engine.ExplainAsync(merchantId, batchNo, 1, "2026-11-16");
        var payout = Assert.Single((await engine.Clients.Operator.ListPayoutsAsync(new ListPayoutsRequest { MerchantId = merchantId })).Payouts);
        var paidPayout = await engine.Clients.Operator.ExplainPayoutAsync(new ExplainPayoutRequest { MerchantId = merchantId, PayoutId = payout.PayoutId });

        Assert.Equal((MoneyState.HeldForReview, "2026-11-16", "", "", 60_000L - 360), (held.State, held.ClearingDate, held.ExpectedArrivalDate, held.PayoutTraceId, held.AmountMinor));
        Assert.Contains("held for review", held.Reason, StringComparison.Ordinal);
        Assert.Contains("first sale", held.Reason, StringComparison.Ordinal);
        Assert.Equal((MoneyState.PendingClearing, "2026-11-16", "2026-11-17", "", 20_000L - 120), (pending.State, pending.ClearingDate, pending.ExpectedArrivalDate, pending.PayoutTraceId, pending.AmountMinor));
        Assert.Contains("pending clearing", pending.Reason, StringComparison.Ordinal);
        Assert.Contains("2026-11-17", pending.Reason, StringComparison.Ordinal);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(StatusCode.NotFound, unknownPayout.StatusCode);

        Assert.Equal((MoneyState.Paid, "2026-11-16", "2026-11-17", 20_000L - 120), (paid.State, paid.ClearingDate, paid.ExpectedArrivalDate, paid.AmountMinor));
        Assert.Contains("paid", paid.Reason, StringComparison.Ordinal);
        Assert.Equal((payout.PayoutId, payout.TraceId, payout.Channel), (paid.PayoutId, paid.PayoutTraceId, paid.Channel));
        Assert.False(string.IsNullOrEmpty(payout.TraceId));
        Assert.Contains(payout.TraceId, paid.Reason, StringComparison.Ordinal);
        Assert.Equal((MoneyState.Paid, "2026-11-17", payout.TraceId, 20_000L - 120), (paidPayout.State, paidPayout.ExpectedArrivalDate, paidPayout.PayoutTraceId, paidPayout.AmountMinor));
        Assert.Equal(MoneyState.HeldForReview, stillHeld.State);
    }

    [Fact]
    public async Task MaintenanceWindows_CancelledWindowsNoLongerQueuePayouts_SecondCancelIsNotFound_ListChannelsShowsEveryRail()
    {
        await using var engine = await SimulatedEngine.StartAsync("2026-11-16T09:00:00");
        var rails = engine.Clients.Operator;
        var merchantId = "898340149000317";
        var batchNo = await engine.Clients.OnboardAndSignOnAsync(merchantId, TerminalId);
        await engine.AdvanceToAsync("2026-11-16T10:00:00");
        Assert.Equal(SaleResult.Approved, (await engine.Clients.Terminal.SaleAsync(Sale(merchantId, batchNo, 1, 500_000, "2026-11-16T10:00:00", CardType.Credit))).Result);

        var open = await rails.ListChannelsAsync(new ListChannelsRequest());
        var cancelled = new List<(Channel Channel, string WindowId)>();
        foreach (var channel in new[] { Channel.Ibps, Channel.Beps, Channel.Hvps })
        {
            var window = await rails.ScheduleMaintenanceAsync(new ScheduleMaintenanceRequest
            {
                Channel = channel,
                Start = "2026-11-17T00:00:00",
                End = "2026-11-17T04:00:00",
                Reason = "core banking upgrade",
                Scheduled = true,
            });
            cancelled.Add((channel, window.WindowId));
        }

        var kept = await rails.ScheduleMaintenanceAsync(new ScheduleMaintenanceRequest
        {
            Channel = Channel.Beps,
            Start = "2026-11-17T02:00:00",
            End = "2026-11-17T04:00:00",
            Reason = "BEPS scheduled maintenance",
            Scheduled = true,
        });
        var explainedWhileScheduled = await engine.ExplainAsync(merchantId, batchNo, 1, "2026-11-16");
        foreach (var (channel, windowId) in cancelled)
        {
            await rails.CancelMaintenanceAsync(new CancelMaintenanceRequest { Channel = channel, WindowId = windowId });
        }

        var secondCancel = await Assert.ThrowsAsync<RpcException>(() =>
            rails.CancelMaintenanceAsync(new CancelMaintenanceRequest { Channel = cancelled[0].Channel, WindowId = cancelled[0].WindowId }));
        var wrongRail = await Assert.ThrowsAsync<RpcException>(() =>
            rails.CancelMaintenanceAsync(new CancelMaintenanceRequest { Channel = Channel.Ibps, WindowId = kept.WindowId }));
        var noRail = await Assert.ThrowsAsync<RpcException>(() =>
            rails.CancelMaintenanceAsync(new CancelMaintenanceRequest { Channel = Channel.Unspecified, WindowId = kept.WindowId }));

        // The cancelled windows covered the 00:30 run: with them gone, the payout goes out at once.
        await engine.AdvanceToAsync("2026-11-17T01:00:00");
        var paid = await engine.ExplainAsync(merchantId, batchNo, 1, "2026-11-16");
        await engine.AdvanceToAsync("2026-11-17T03:00:00");
        var duringKept = await rails.ListChannelsAsync(new ListChannelsRequest());
        await engine.AdvanceToAsync("2026-11-17T05:00:00");
        var after = await rails.ListChannelsAsync(new ListChannelsRequest());

        var everyRail = new[] { Channel.Hvps, Channel.Beps, Channel.Ibps, Channel.SameBank };
        Assert.Equal(everyRail.Order(), open.Channels.Select(c => c.Channel).Order());
        Assert.All(open.Channels, c => Assert.Equal(ChannelState.Open, c.State));
        Assert.All(open.Channels, c => Assert.Equal(0u, c.QueueDepth));
        Assert.Equal(MoneyState.PendingClearing, explainedWhileScheduled.State);
        Assert.Equal(StatusCode.NotFound, secondCancel.StatusCode);
        Assert.Equal(StatusCode.NotFound, wrongRail.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, noRail.StatusCode);
        Assert.Equal(MoneyState.Paid, paid.State);
        Assert.Equal("2026-11-17", paid.ExpectedArrivalDate);
        Assert.Equal(everyRail.Order(), duringKept.Channels.Select(c => c.Channel).Order());
        var beps = Assert.Single(duringKept.Channels, c => c.Channel == Channel.Beps);
        Assert.Equal((ChannelState.InMaintenance, "2026-11-17T04:00:00"), (beps.State, beps.NextOpening));
        Assert.Contains("BEPS scheduled maintenance", beps.Reason, StringComparison.Ordinal);
        Assert.All(duringKept.Channels.Where(c => c.Channel != Channel.Beps), c => Assert.Equal(ChannelState.Open, c.State));
        Assert.All(after.Channels, c => Assert.Equal(ChannelState.Open, c.State));
    }

    [Fact]
    public async Task Scenario5_R4_WithSplitWithinCaps_80000CnyAt1720_IsPaidAtOnceAsTwoIbpsParts_AndListPayoutsShowsThem()
    {
        await using var engine = await SimulatedEngine.StartAsync("2026-11-16T09:00:00", new Dictionary<string, string>
        {
            ["Settlement:RunTime"] = "17:20",
            ["Settlement:RoutingPolicy"] = "SplitWithinCaps",
        });
        var merchantId = "898340149000306";
        var onboarding = EngineClients.Onboarding(merchantId);
        onboarding.Risk = new RiskProfile { FirstSaleReviewThresholdMinor = 100_000_000 };
        var batchNo = await engine.Clients.OnboardAndSignOnAsync(onboarding, TerminalId);
        await engine.AdvanceToAsync("2026-11-16T10:00:00");
        Assert.Equal(SaleResult.Approved, (await engine.Clients.Terminal.SaleAsync(Sale(merchantId, batchNo, 1, 8_000_000, "2026-11-16T10:00:00", CardType.Credit))).Result);

        await engine.AdvanceToAsync("2026-11-17T17:30:00");
        var paid = await engine.ExplainAsync(merchantId, batchNo, 1, "2026-11-16");
        var payout = Assert.Single((await engine.Clients.Operator.ListPayoutsAsync(new ListPayoutsRequest { MerchantId = merchantId })).Payouts);
        var balance = await engine.Clients.Operator.GetMerchantBalanceAsync(new GetMerchantBalanceRequest { MerchantId = merchantId });

        Assert.Equal((MoneyState.Paid, Channel.Ibps, "2026-11-17"), (paid.State, paid.Channel, paid.ExpectedArrivalDate));
        Assert.Equal((MoneyState.Paid, Channel.Ibps, 8_000_000 - 48_000L), (payout.State, payout.Channel, payout.AmountMinor));
        Assert.Contains($"split within the per-item caps into 2 parts: {payout.PayoutId}/1 50,000.00 CNY by IBPS credited; {payout.PayoutId}/2 29,520.00 CNY by IBPS credited", payout.Reason, StringComparison.Ordinal);
        Assert.Equal((8_000_000 - 48_000L, 0L, 0L), (balance.PaidMinor, balance.QueuedMinor, balance.ReturnedMinor));
    }

    private static SaleRequest Sale(string merchantId, uint batchNo, uint stan, long amountMinor, string localTime, CardType cardType) =>
        SaleRequests.For(merchantId, batchNo, stan, amountMinor, localTime, cardType);
}
