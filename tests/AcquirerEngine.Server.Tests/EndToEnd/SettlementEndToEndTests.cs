using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Testing;

namespace AcquirerEngine.Server.Tests.EndToEnd;

/// <summary>
/// The settlement scenarios of SETTLEMENT-RULES.md through the real server process over gRPC, on the
/// simulated clock: terminal sale, cut-off, settlement run, payout rail, simulated bank, explanation.
/// </summary>
public sealed class SettlementEndToEndTests
{
    private const string TerminalId = "T0000001";

    [Fact]
    public async Task Scenario1_SaleWed20260930_2230_T1_IsPaidThu20261008_AndExplainedAlongTheWay()
    {
        await using var engine = await SimulatedEngine.StartAsync("2026-09-30T20:00:00");
        var merchantId = "898340149000101";
        var batchNo = await engine.Clients.OnboardAndSignOnAsync(merchantId, TerminalId);
        await engine.AdvanceToAsync("2026-09-30T22:30:00");
        var sale = await engine.Clients.Terminal.SaleAsync(Sale(merchantId, batchNo, stan: 1, amountMinor: 1_000_000, "2026-09-30T22:30:00"));
        Assert.Equal(SaleResult.Approved, sale.Result);

        var pending = await engine.ExplainAsync(merchantId, batchNo, 1, "2026-09-30");
        await engine.AdvanceToAsync("2026-10-08T12:00:00");
        var paid = await engine.ExplainAsync(merchantId, batchNo, 1, "2026-09-30");
        var payouts = await engine.Clients.Operator.ListPayoutsAsync(new ListPayoutsRequest { MerchantId = merchantId });
        var balance = await engine.Clients.Operator.GetMerchantBalanceAsync(new GetMerchantBalanceRequest { MerchantId = merchantId });

        Assert.Equal(MoneyState.PendingClearing, pending.State);
        Assert.Equal("2026-09-30", pending.ClearingDate);
        Assert.Equal("2026-10-08", pending.ExpectedArrivalDate);
        Assert.Equal(MoneyState.Paid, paid.State);
        Assert.Equal("2026-10-08", paid.ExpectedArrivalDate);
        Assert.False(string.IsNullOrEmpty(paid.PayoutTraceId));
        var payout = Assert.Single(payouts.Payouts);
        Assert.Equal("2026-10-08", payout.ValueDate);
        Assert.Equal(MoneyState.Paid, payout.State);
        Assert.Equal(1_000_000 - 6_000, payout.AmountMinor);
        Assert.Equal((1_000_000 - 6_000, 6_000, 0L), (balance.PaidMinor, balance.FeesMinor, balance.PendingMinor));
    }

    [Fact]
    public async Task Scenario7_NewMerchantFirstSale100000Cny_IsHeldWithAReason_ReleasedByAnOperator_PaidInTheNextCycle()
    {
        await using var engine = await SimulatedEngine.StartAsync("2026-11-16T09:00:00");
        var merchantId = "898340149000107";
        var batchNo = await engine.Clients.OnboardAndSignOnAsync(merchantId, TerminalId);
        await engine.Clients.Terminal.SaleAsync(Sale(merchantId, batchNo, stan: 1, amountMinor: 10_000_000, "2026-11-16T10:00:00"));

        var held = await engine.ExplainAsync(merchantId, batchNo, 1, "2026-11-16");
        var holds = await engine.Clients.Operator.ListHoldsAsync(new ListHoldsRequest { MerchantId = merchantId });
        await engine.AdvanceToAsync("2026-11-18T12:00:00");
        var stillHeld = await engine.ExplainAsync(merchantId, batchNo, 1, "2026-11-16");
        var hold = Assert.Single(holds.Holds);
        await engine.Clients.Operator.ReleaseHoldAsync(new ReleaseHoldRequest { MerchantId = merchantId, TransactionId = hold.TransactionId });
        var released = await engine.ExplainAsync(merchantId, batchNo, 1, "2026-11-16");
        await engine.AdvanceToAsync("2026-11-19T12:00:00");
        var paid = await engine.ExplainAsync(merchantId, batchNo, 1, "2026-11-16");

        Assert.Equal(MoneyState.HeldForReview, held.State);
        Assert.False(string.IsNullOrWhiteSpace(held.Reason));
        Assert.Equal(10_000_000 - 60_000, hold.AmountMinor); // the merchant's net: the fee is already taken
        Assert.Equal(MoneyState.HeldForReview, stillHeld.State);
        Assert.Equal(MoneyState.PendingClearing, released.State);
        Assert.Equal("2026-11-19", released.ExpectedArrivalDate);
        Assert.Equal(MoneyState.Paid, paid.State);
    }

    [Fact]
    public async Task Scenario6_MaintenanceOverTheSettlementRun_QueuesThePayoutWithTheReason_PaysAfterReopening()
    {
        await using var engine = await SimulatedEngine.StartAsync("2026-11-17T09:00:00");
        var merchantId = "898340149000106";
        var batchNo = await engine.Clients.OnboardAndSignOnAsync(merchantId, TerminalId);
        await engine.Clients.Terminal.SaleAsync(Sale(merchantId, batchNo, stan: 1, amountMinor: 500_000, "2026-11-17T10:00:00"));
        foreach (var channel in new[] { Channel.Ibps, Channel.Beps, Channel.Hvps })
        {
            await engine.Clients.Operator.ScheduleMaintenanceAsync(new ScheduleMaintenanceRequest
            {
                Channel = channel,
                Start = "2026-11-18T00:00:00",
                End = "2026-11-18T04:00:00",
                Reason = "core banking upgrade",
                Scheduled = true,
            });
        }

        await engine.AdvanceToAsync("2026-11-18T03:00:00");
        var queued = await engine.ExplainAsync(merchantId, batchNo, 1, "2026-11-17");
        var channels = await engine.Clients.Operator.ListChannelsAsync(new ListChannelsRequest());
        await engine.AdvanceToAsync("2026-11-18T06:00:00");
        var paid = await engine.ExplainAsync(merchantId, batchNo, 1, "2026-11-17");
        var alerts = await engine.Clients.Operator.ListAlertsAsync(new ListAlertsRequest());

        Assert.Equal(MoneyState.QueuedForClosedChannel, queued.State);
        Assert.Contains("maintenance", queued.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("2026-11-18", queued.ExpectedArrivalDate);
        var ibps = Assert.Single(channels.Channels, c => c.Channel == Channel.Ibps);
        Assert.Equal(ChannelState.InMaintenance, ibps.State);
        Assert.Equal("2026-11-18T04:00:00", ibps.NextOpening);
        Assert.Equal(1u, channels.Channels.Sum(c => c.QueueDepth));
        Assert.Equal(MoneyState.Paid, paid.State);
        Assert.NotEmpty(alerts.Alerts);
    }

    [Fact]
    public async Task Scenario16_WithBankLatency_MoneyIsInTransitAfterTheRunAndPaidWhenItLands()
    {
        await using var engine = await SimulatedEngine.StartAsync("2026-11-16T09:00:00", new Dictionary<string, string>
        {
            ["SimulatedBank:LatencySeconds"] = "600",
        });
        var merchantId = "898340149000116";
        var batchNo = await engine.Clients.OnboardAndSignOnAsync(merchantId, TerminalId);
        await engine.Clients.Terminal.SaleAsync(Sale(merchantId, batchNo, stan: 1, amountMinor: 300_000, "2026-11-16T10:00:00"));

        await engine.AdvanceToAsync("2026-11-17T00:35:00");
        var inTransit = await engine.ExplainAsync(merchantId, batchNo, 1, "2026-11-16");
        var balanceInTransit = await engine.Clients.Operator.GetMerchantBalanceAsync(new GetMerchantBalanceRequest { MerchantId = merchantId });
        var railsInTransit = await engine.Clients.Operator.ListChannelsAsync(new ListChannelsRequest());
        await engine.AdvanceToAsync("2026-11-17T00:45:00");
        var paid = await engine.ExplainAsync(merchantId, batchNo, 1, "2026-11-16");
        var railsAfter = await engine.Clients.Operator.ListChannelsAsync(new ListChannelsRequest());

        Assert.Equal(MoneyState.InTransit, inTransit.State);
        Assert.False(string.IsNullOrEmpty(inTransit.PayoutTraceId));
        Assert.Equal((300_000 - 1_800, 0L), (balanceInTransit.InTransitMinor, balanceInTransit.PaidMinor));
        Assert.Equal(MoneyState.Paid, paid.State);
        Assert.Equal(inTransit.PayoutTraceId, paid.PayoutTraceId);

        // The operator sees the payout awaiting the bank's confirmation on its rail (IBPS, 7x24), then none.
        var ibps = Assert.Single(railsInTransit.Channels, c => c.Channel == Channel.Ibps);
        Assert.Equal((0u, 1u), (ibps.QueueDepth, ibps.AwaitingConfirmation));
        Assert.All(railsAfter.Channels, c => Assert.Equal(0u, c.AwaitingConfirmation));
    }

    private static SaleRequest Sale(string merchantId, uint batchNo, uint stan, long amountMinor, string localTime) =>
        SaleRequests.For(merchantId, batchNo, stan, amountMinor, localTime);
}
