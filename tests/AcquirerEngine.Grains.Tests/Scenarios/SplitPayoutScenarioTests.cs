using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Domain.Explanations;
using AcquirerEngine.Domain.Ledger;
using AcquirerEngine.Grains.Bank;
using AcquirerEngine.Grains.Merchants;
using static AcquirerEngine.Grains.Tests.Scenarios.ScenarioKit;

namespace AcquirerEngine.Grains.Tests.Scenarios;

/// <summary>Scenario 5 with the split policy (R4: "or is split"): parts within the cap, tracked and aggregated.</summary>
public sealed class SplitPayoutScenarioTests
{
    private static GrainTestSettings Split(SimulatedBankOptions? bank = null) => new()
    {
        Settlement = MerchantSettlementOptions.Default with
        {
            SettlementRunTime = new TimeOnly(17, 20),
            RoutingPolicy = RoutingPolicy.SplitWithinCaps,
        },
        Bank = bank ?? SimulatedBankOptions.Default,
    };

    [Fact]
    public async Task Scenario5_R4_Split_80000CnyAt1720_GoesNowAsTwoIbpsPartsWithinTheCap_AndIsPaidWhenBothAreCredited()
    {
        await using var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 11, 16, 9, 0, 0), Split());
        const string merchantId = "898340149000091";
        var merchant = host.Merchant(merchantId);
        var terminal = await OnboardAsync(host, Profile(merchantId, firstSaleHoldAbove: 1_000_000_00), "T0000091");
        var transactionId = await SellAsync(host, terminal, Sale(merchantId, "T0000091", 1, 80_000_00, new DateTime(2026, 11, 16, 10, 0, 0)));

        await host.AdvanceToLocalAsync(new DateTime(2026, 11, 17, 17, 30, 0));

        var payout = Assert.Single(await merchant.ListPayoutsAsync());
        var id = payout.Payout.PayoutId;
        var lines = await StatementAsync(host, merchantId);
        Assert.Equal([$"{id}/1", $"{id}/2"], lines.Select(l => l.PayoutId));
        Assert.Equal([5_000_000L, NetCredit(80_000_00) - 5_000_000], lines.Select(l => l.AmountMinor));
        Assert.All(lines, l => Assert.Equal(ChannelKind.Ibps, l.Channel));
        Assert.Equal(PayoutStatus.Credited, payout.Payout.Status);
        Assert.Equal(MoneyState.Paid, payout.Explanation.State);
        Assert.Contains($"split within the per-item caps into 2 parts: {id}/1 50,000.00 CNY by IBPS credited", payout.Explanation.Reason, StringComparison.Ordinal);
        var explained = (await merchant.ExplainTransactionAsync(transactionId))!;
        Assert.Equal((MoneyState.Paid, new DateOnly(2026, 11, 17)), (explained.State, explained.ExpectedArrivalDate));
        Assert.Contains($"{id}/2", explained.Reason, StringComparison.Ordinal);
        var balance = (await merchant.GetBalanceAsync())!.Balance;
        Assert.Equal((NetCredit(80_000_00), 0L), (balance.PaidMinor, balance.ReturnedMinor));
        await AssertConservedAsync(host, merchantId);
    }

    [Fact]
    public async Task R4_Split_AReturnedPartGivesBackJustItsAmountWithTheReason_TheOtherIsPaid()
    {
        // The simulated bank remembers one payout id: the second part is returned ("capacity reached").
        await using var host = await GrainTestHost.StartAtAsync(
            new DateTime(2026, 11, 16, 9, 0, 0), Split(new SimulatedBankOptions { MaxRecordedPayouts = 1 }));
        const string merchantId = "898340149000092";
        var merchant = host.Merchant(merchantId);
        var terminal = await OnboardAsync(host, Profile(merchantId, firstSaleHoldAbove: 1_000_000_00), "T0000092");
        var transactionId = await SellAsync(host, terminal, Sale(merchantId, "T0000092", 1, 80_000_00, new DateTime(2026, 11, 16, 10, 0, 0)));

        await host.AdvanceToLocalAsync(new DateTime(2026, 11, 17, 17, 30, 0));

        var payout = Assert.Single(await merchant.ListPayoutsAsync());
        var id = payout.Payout.PayoutId;
        var returnedPart = NetCredit(80_000_00) - 5_000_000;
        var line = Assert.Single(await StatementAsync(host, merchantId));
        Assert.Equal(($"{id}/1", 5_000_000L), (line.PayoutId, line.AmountMinor));
        Assert.Equal(PayoutStatus.Credited, payout.Payout.Status);
        var balance = (await merchant.GetBalanceAsync())!.Balance;
        Assert.Equal((5_000_000L, returnedPart), (balance.PaidMinor, balance.ReturnedMinor));
        Assert.Contains($"{id}/2 {MoneyText.Cny(returnedPart)} by IBPS returned ({SimulatedBankGrain.CapacityReason})", payout.Explanation.Reason, StringComparison.Ordinal);
        var explained = (await merchant.ExplainTransactionAsync(transactionId))!;
        Assert.Equal(MoneyState.Returned, explained.State);
        Assert.Contains(SimulatedBankGrain.CapacityReason, explained.Reason, StringComparison.Ordinal);
        var alert = Assert.Single(await host.Alerts.ListAsync(), a => a.Kind == MerchantAlertKinds.PayoutReturned);
        Assert.Equal($"payout-returned:{id}/2", alert.Id);
        await AssertConservedAsync(host, merchantId);
    }
}
