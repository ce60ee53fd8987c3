using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Grpc;

namespace AcquirerEngine.Server.Tests.EndToEnd;

/// <summary>
/// Scenarios 8, 9 and 13 of SETTLEMENT-RULES.md and the operator's hold and freeze controls, through the real
/// server process over gRPC on the simulated clock: risk holds and alerts, a frozen account at the bank, a batch left open.
/// </summary>
public sealed class RiskScenariosEndToEndTests
{
    private const string TerminalId = "T0000001";

    [Fact]
    public async Task Scenario8_SameCardThreeTimesInTenMinutesAt0300_IsHeldForReview_AndRaisesAnAbnormalFlowAlert()
    {
        await using var engine = await SimulatedEngine.StartAsync("2026-11-17T02:50:00");
        var merchantId = "898340149000408";
        var batchNo = await engine.Clients.OnboardAndSignOnAsync(merchantId, TerminalId);
        var results = new List<SaleResult>();
        foreach (var (stan, at) in new[] { (1u, "2026-11-17T03:00:00"), (2u, "2026-11-17T03:04:00"), (3u, "2026-11-17T03:08:00") })
        {
            await engine.AdvanceToAsync(at);
            results.Add((await engine.Clients.Terminal.SaleAsync(Sale(merchantId, batchNo, stan, 30_000, at, "tok_same_card_0300"))).Result);
        }

        var first = await engine.ExplainAsync(merchantId, batchNo, 1, "2026-11-17");
        var second = await engine.ExplainAsync(merchantId, batchNo, 2, "2026-11-17");
        var third = await engine.ExplainAsync(merchantId, batchNo, 3, "2026-11-17");
        var holds = await engine.Clients.Operator.ListHoldsAsync(new ListHoldsRequest { MerchantId = merchantId });
        var alerts = await engine.Clients.Operator.ListAlertsAsync(new ListAlertsRequest());
        var balance = await engine.Clients.Operator.GetMerchantBalanceAsync(new GetMerchantBalanceRequest { MerchantId = merchantId });
        await engine.AdvanceToAsync("2026-11-18T12:00:00");
        var payout = Assert.Single((await engine.Clients.Operator.ListPayoutsAsync(new ListPayoutsRequest { MerchantId = merchantId })).Payouts);
        var thirdNextDay = await engine.ExplainAsync(merchantId, batchNo, 3, "2026-11-17");

        Assert.All(results, r => Assert.Equal(SaleResult.Approved, r)); // the cardholder is served; the acquirer holds the funds
        Assert.Equal(MoneyState.PendingClearing, first.State);
        Assert.Equal(MoneyState.PendingClearing, second.State);
        Assert.Equal(MoneyState.HeldForReview, third.State);
        Assert.Contains("abnormal flow", third.Reason, StringComparison.Ordinal);
        Assert.Contains("3 times within 10 minutes", third.Reason, StringComparison.Ordinal);
        Assert.Equal("", third.ExpectedArrivalDate);
        var hold = Assert.Single(holds.Holds);
        Assert.Equal((30_000L - 180, "2026-11-17T03:08:00"), (hold.AmountMinor, hold.PlacedAt));
        Assert.Contains("abnormal flow", hold.Reason, StringComparison.Ordinal);
        var alert = Assert.Single(alerts.Alerts, a => a.Kind == "abnormal-flow");
        Assert.Equal((merchantId, "2026-11-17T03:08:00"), (alert.MerchantId, alert.RaisedAt));
        Assert.Contains(hold.TransactionId, alert.Subject, StringComparison.Ordinal);
        Assert.Equal((30_000L - 180, 2 * (30_000L - 180)), (balance.HeldMinor, balance.PendingMinor));

        // The next run pays the two ordinary sales and keeps the held one back.
        Assert.Equal((MoneyState.Paid, "2026-11-18", 2 * (30_000L - 180)), (payout.State, payout.ValueDate, payout.AmountMinor));
        Assert.Equal(MoneyState.HeldForReview, thirdNextDay.State);
    }

    [Fact]
    public async Task Scenario9_AccountFrozenAtTheBank_PayoutIsReturnedWithTheReason_BalanceIsRestored_AcquirerFreezeAnswers()
    {
        var merchantId = "898340149000409";
        await using var engine = await SimulatedEngine.StartAsync(
            "2026-11-09T09:00:00",
            new Dictionary<string, string> { ["SimulatedBank:FrozenAccounts:0"] = EngineClients.BankAccountKey(merchantId) });
        var batchNo = await engine.Clients.OnboardAndSignOnAsync(merchantId, TerminalId);
        await engine.AdvanceToAsync("2026-11-09T10:00:00");
        Assert.Equal(SaleResult.Approved, (await engine.Clients.Terminal.SaleAsync(Sale(merchantId, batchNo, 1, 80_000, "2026-11-09T10:00:00", "tok_frozen_1"))).Result);
        const long net = 80_000 - 480;

        await engine.AdvanceToAsync("2026-11-10T12:00:00");
        var payout = Assert.Single((await engine.Clients.Operator.ListPayoutsAsync(new ListPayoutsRequest { MerchantId = merchantId })).Payouts);
        var returnedPayout = await engine.Clients.Operator.ExplainPayoutAsync(new ExplainPayoutRequest { MerchantId = merchantId, PayoutId = payout.PayoutId });
        var returned = await engine.ExplainAsync(merchantId, batchNo, 1, "2026-11-09");
        var balance = await engine.Clients.Operator.GetMerchantBalanceAsync(new GetMerchantBalanceRequest { MerchantId = merchantId });

        Assert.Equal((MoneyState.Returned, "2026-11-10", net), (payout.State, payout.ValueDate, payout.AmountMinor));
        Assert.Contains("account frozen", payout.Reason, StringComparison.Ordinal);
        Assert.Equal((MoneyState.Returned, payout.PayoutId, net), (returnedPayout.State, returnedPayout.PayoutId, returnedPayout.AmountMinor));
        Assert.Contains("returned by the bank", returnedPayout.Reason, StringComparison.Ordinal);
        Assert.Contains("account frozen", returnedPayout.Reason, StringComparison.Ordinal);
        Assert.Equal("2026-11-11", returnedPayout.ExpectedArrivalDate); // the next run pays it again
        Assert.NotEqual(Channel.Unspecified, returnedPayout.Channel);
        Assert.Equal((MoneyState.Returned, "2026-11-09", "2026-11-11", payout.PayoutId), (returned.State, returned.ClearingDate, returned.ExpectedArrivalDate, returned.PayoutId));
        Assert.Contains("account frozen", returned.Reason, StringComparison.Ordinal);
        Assert.Equal((net, 0L, 0L, 0L, 480L, false), (balance.ReturnedMinor, balance.PaidMinor, balance.InTransitMinor, balance.QueuedMinor, balance.FeesMinor, balance.Frozen));

        // The acquirer's own freeze (FreezeMerchant) stops the money in the balance and says why; unfreeze lifts it.
        await engine.Clients.Operator.FreezeMerchantAsync(new FreezeMerchantRequest { MerchantId = merchantId, Reason = "court order 2026-118" });
        var frozen = await engine.Clients.Operator.GetMerchantBalanceAsync(new GetMerchantBalanceRequest { MerchantId = merchantId });
        var explainedFrozen = await engine.ExplainAsync(merchantId, batchNo, 1, "2026-11-09");
        await engine.Clients.Operator.UnfreezeMerchantAsync(new UnfreezeMerchantRequest { MerchantId = merchantId });
        var unfrozen = await engine.Clients.Operator.GetMerchantBalanceAsync(new GetMerchantBalanceRequest { MerchantId = merchantId });
        var unknownFreeze = await Assert.ThrowsAsync<RpcException>(() =>
            engine.Clients.Operator.FreezeMerchantAsync(new FreezeMerchantRequest { MerchantId = "898340149009999", Reason = "x" }));
        var unknownUnfreeze = await Assert.ThrowsAsync<RpcException>(() =>
            engine.Clients.Operator.UnfreezeMerchantAsync(new UnfreezeMerchantRequest { MerchantId = "898340149009999" }));
        var badFreeze = await Assert.ThrowsAsync<RpcException>(() =>
            engine.Clients.Operator.FreezeMerchantAsync(new FreezeMerchantRequest { MerchantId = "", Reason = "x" }));

        Assert.Equal((true, net), (frozen.Frozen, frozen.ReturnedMinor));
        Assert.Equal(MoneyState.Returned, explainedFrozen.State);
        Assert.Contains("court order 2026-118", explainedFrozen.Reason, StringComparison.Ordinal);
        Assert.Equal("", explainedFrozen.ExpectedArrivalDate);
        Assert.Equal((false, net), (unfrozen.Frozen, unfrozen.ReturnedMinor));
        Assert.Contains(unknownFreeze.StatusCode, new[] { StatusCode.NotFound, StatusCode.FailedPrecondition });
        Assert.Contains("898340149009999", unknownFreeze.Detail, StringComparison.Ordinal);
        Assert.Equal(unknownFreeze.StatusCode, unknownUnfreeze.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, badFreeze.StatusCode);
        Assert.Contains("merchant_id", badFreeze.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scenario13_BatchOpenTenDays_OnlineSalesStillApprovedAndPaid_AlertBatchOpenTooLong()
    {
        await using var engine = await SimulatedEngine.StartAsync("2026-11-02T09:00:00");
        var merchantId = "898340149000413";
        var batchNo = await engine.Clients.OnboardAndSignOnAsync(merchantId, TerminalId);
        await engine.AdvanceToAsync("2026-11-02T10:00:00");
        var firstSale = await engine.Clients.Terminal.SaleAsync(Sale(merchantId, batchNo, 1, 10_000, "2026-11-02T10:00:00", "tok_batch_1"));
        await engine.AdvanceToAsync("2026-11-04T10:00:00");
        var withinLimit = await engine.Clients.Terminal.SaleAsync(Sale(merchantId, batchNo, 2, 10_000, "2026-11-04T10:00:00", "tok_batch_2"));
        var alertsWithinLimit = await engine.Clients.Operator.ListAlertsAsync(new ListAlertsRequest());
        await engine.AdvanceToAsync("2026-11-12T10:00:00");
        var tenDaysOpen = await engine.Clients.Terminal.SaleAsync(Sale(merchantId, batchNo, 3, 10_000, "2026-11-12T10:00:00", "tok_batch_3"));
        var anotherSale = await engine.Clients.Terminal.SaleAsync(Sale(merchantId, batchNo, 4, 10_000, "2026-11-12T11:00:00", "tok_batch_4"));
        var alerts = await engine.Clients.Operator.ListAlertsAsync(new ListAlertsRequest());
        await engine.AdvanceToAsync("2026-11-13T12:00:00");
        var paid = await engine.ExplainAsync(merchantId, batchNo, 3, "2026-11-12");
        var payouts = (await engine.Clients.Operator.ListPayoutsAsync(new ListPayoutsRequest { MerchantId = merchantId })).Payouts;

        Assert.All(new[] { firstSale, withinLimit, tenDaysOpen, anotherSale }, s => Assert.Equal(SaleResult.Approved, s.Result));
        Assert.DoesNotContain(alertsWithinLimit.Alerts, a => a.Kind == "batch-open-too-long");
        var alert = Assert.Single(alerts.Alerts, a => a.Kind == "batch-open-too-long"); // one per batch, not one per sale
        Assert.Equal(merchantId, alert.MerchantId);
        Assert.Contains(TerminalId, alert.Subject, StringComparison.Ordinal);
        Assert.Contains("open since 2026-11-02", alert.Message, StringComparison.Ordinal);
        Assert.Contains("10 days", alert.Message, StringComparison.Ordinal);
        Assert.Equal("2026-11-12T10:00:00", alert.RaisedAt);

        Assert.Equal((MoneyState.Paid, "2026-11-13"), (paid.State, paid.ExpectedArrivalDate));
        Assert.Equal(
            new[] { ("2026-11-03", 10_000L - 60), ("2026-11-05", 10_000L - 60), ("2026-11-13", 2 * (10_000L - 60)) },
            payouts.Select(p => (p.ValueDate, p.AmountMinor)));
        Assert.All(payouts, p => Assert.Equal(MoneyState.Paid, p.State));
    }

    [Fact]
    public async Task RejectHold_OnAHeldFirstSale_GivesRejectedWithTheReason_NothingIsPaid_AndHoldCallsCheckTheirTarget()
    {
        await using var engine = await SimulatedEngine.StartAsync("2026-11-16T09:00:00");
        var merchantId = "898340149000417";
        var batchNo = await engine.Clients.OnboardAndSignOnAsync(merchantId, TerminalId);
        await engine.AdvanceToAsync("2026-11-16T10:00:00");
        Assert.Equal(SaleResult.Approved, (await engine.Clients.Terminal.SaleAsync(Sale(merchantId, batchNo, 1, 6_000_000, "2026-11-16T10:00:00", "tok_reject_1"))).Result);

        var held = await engine.ExplainAsync(merchantId, batchNo, 1, "2026-11-16");
        var hold = Assert.Single((await engine.Clients.Operator.ListHoldsAsync(new ListHoldsRequest { MerchantId = merchantId })).Holds);
        var allHolds = await engine.Clients.Operator.ListHoldsAsync(new ListHoldsRequest());
        var alerts = await engine.Clients.Operator.ListAlertsAsync(new ListAlertsRequest());
        await engine.Clients.Operator.RejectHoldAsync(new RejectHoldRequest { MerchantId = merchantId, TransactionId = hold.TransactionId, Reason = "suspected cash-out" });
        var rejected = await engine.ExplainAsync(merchantId, batchNo, 1, "2026-11-16");
        var holdsAfter = await engine.Clients.Operator.ListHoldsAsync(new ListHoldsRequest { MerchantId = merchantId });
        var balance = await engine.Clients.Operator.GetMerchantBalanceAsync(new GetMerchantBalanceRequest { MerchantId = merchantId });
        var rejectAgain = await Assert.ThrowsAsync<RpcException>(() =>
            engine.Clients.Operator.RejectHoldAsync(new RejectHoldRequest { MerchantId = merchantId, TransactionId = hold.TransactionId, Reason = "again" }));
        var releaseRejected = await Assert.ThrowsAsync<RpcException>(() =>
            engine.Clients.Operator.ReleaseHoldAsync(new ReleaseHoldRequest { MerchantId = merchantId, TransactionId = hold.TransactionId }));
        var unknownTransaction = await Assert.ThrowsAsync<RpcException>(() =>
            engine.Clients.Operator.RejectHoldAsync(new RejectHoldRequest { MerchantId = merchantId, TransactionId = "sale:no-such-transaction" }));
        var noTransaction = await Assert.ThrowsAsync<RpcException>(() =>
            engine.Clients.Operator.ReleaseHoldAsync(new ReleaseHoldRequest { MerchantId = merchantId, TransactionId = "" }));
        await engine.AdvanceToAsync("2026-11-17T12:00:00");
        var payouts = await engine.Clients.Operator.ListPayoutsAsync(new ListPayoutsRequest { MerchantId = merchantId });
        var stillRejected = await engine.ExplainAsync(merchantId, batchNo, 1, "2026-11-16");

        Assert.Equal(MoneyState.HeldForReview, held.State);
        Assert.Contains("first sale", held.Reason, StringComparison.Ordinal);
        Assert.Equal(6_000_000L - 36_000, hold.AmountMinor);
        Assert.Contains(allHolds.Holds, h => h.TransactionId == hold.TransactionId && h.MerchantId == merchantId);
        Assert.Contains(alerts.Alerts, a => a.Kind == "new-merchant-large-first-sale" && a.MerchantId == merchantId);
        Assert.Equal(MoneyState.Rejected, rejected.State);
        Assert.Contains("suspected cash-out", rejected.Reason, StringComparison.Ordinal);
        Assert.Equal("", rejected.ExpectedArrivalDate);
        Assert.Empty(holdsAfter.Holds);
        Assert.Equal((0L, 0L, 0L), (balance.HeldMinor, balance.PendingMinor, balance.PaidMinor));
        Assert.Equal(StatusCode.FailedPrecondition, rejectAgain.StatusCode);
        Assert.Equal(StatusCode.FailedPrecondition, releaseRejected.StatusCode);
        Assert.Equal(StatusCode.NotFound, unknownTransaction.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, noTransaction.StatusCode);
        Assert.Empty(payouts.Payouts);
        Assert.Equal(MoneyState.Rejected, stillRejected.State);
    }

    private static SaleRequest Sale(string merchantId, uint batchNo, uint stan, long amountMinor, string localTime, string cardToken) =>
        SaleRequests.For(merchantId, batchNo, stan, amountMinor, localTime, cardToken: cardToken);
}
