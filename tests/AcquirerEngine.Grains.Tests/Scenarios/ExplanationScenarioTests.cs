using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Domain.Explanations;
using AcquirerEngine.Domain.Settlement;
using static AcquirerEngine.Grains.Tests.Scenarios.ScenarioKit;

namespace AcquirerEngine.Grains.Tests.Scenarios;

/// <summary>Scenario 16: "where is my money" names the state, the reason and an expected date that comes true.</summary>
public sealed class ExplanationScenarioTests
{
    [Fact]
    public async Task Scenario16_pending_then_queued_for_a_closed_HVPS_then_paid_on_the_date_the_explanation_gave()
    {
        await using var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 10, 2, 9, 0, 0));
        const string merchantId = "898340149000016";
        var merchant = host.Merchant(merchantId);
        var terminal = await OnboardAsync(host, Profile(merchantId, SettlementCycle.D1, firstSaleHoldAbove: 1_000_000_00), "T0000016");
        var transactionId = await SellAsync(host, terminal, Sale(merchantId, "T0000016", 1, 80_000_00, new DateTime(2026, 10, 2, 10, 0, 0)));

        var pending = (await merchant.ExplainTransactionAsync(transactionId))!;
        Assert.Equal(MoneyState.PendingClearing, pending.State);
        Assert.Equal(new DateOnly(2026, 10, 2), pending.ClearingDate);
        Assert.Contains("pending clearing", pending.Reason, StringComparison.Ordinal);
        Assert.Equal(ChannelKind.Hvps, pending.Channel);

        // D+1 makes 10-03 the value date, but 79,520 CNY is above the 7x24 rails' caps and HVPS is closed for the holiday.
        await host.AdvanceToLocalAsync(new DateTime(2026, 10, 3, 12, 0, 0));
        var queued = (await merchant.ExplainTransactionAsync(transactionId))!;
        Assert.Equal(MoneyState.QueuedForClosedChannel, queued.State);
        Assert.Equal(ChannelKind.Hvps, queued.Channel);
        Assert.Contains("HVPS", queued.Reason, StringComparison.Ordinal);
        Assert.NotNull(queued.PayoutId);
        Assert.NotNull(queued.ExpectedArrivalDate);
        Assert.Equal(pending.ExpectedArrivalDate, queued.ExpectedArrivalDate);
        var payoutExplanation = (await merchant.ExplainPayoutAsync(queued.PayoutId!))!;
        Assert.Equal(MoneyState.QueuedForClosedChannel, payoutExplanation.State);
        Assert.Equal(queued.ExpectedArrivalDate, payoutExplanation.ExpectedArrivalDate);
        Assert.Empty(await StatementAsync(host, merchantId));

        await host.AdvanceToLocalAsync(new DateTime(2026, 10, 9, 12, 0, 0));
        var line = Assert.Single(await StatementAsync(host, merchantId));
        Assert.Equal(ChannelKind.Hvps, line.Channel);
        // R4: HVPS opens 10-07 20:30 for the business of Thursday 10-08; the credit counts for 10-08.
        Assert.Equal(new DateOnly(2026, 10, 8), queued.ExpectedArrivalDate);
        Assert.Equal(queued.ExpectedArrivalDate, line.ValueDate);
        Assert.True(LocalDate(host, line.CreditedAtUtc) <= line.ValueDate);
        var paid = (await merchant.ExplainTransactionAsync(transactionId))!;
        Assert.Equal(MoneyState.Paid, paid.State);
        Assert.Equal(line.ValueDate, paid.ExpectedArrivalDate);
        Assert.Equal(line.TraceId, paid.PayoutTraceId);
        Assert.Equal(queued.PayoutId, paid.PayoutId);
        await AssertConservedAsync(host, merchantId);
    }

    [Fact]
    public async Task Scenario16_held_and_returned_explanations_name_the_reason_and_the_next_date()
    {
        await using var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 11, 16, 9, 0, 0));
        const string merchantId = "898340149000116";
        var merchant = host.Merchant(merchantId);
        var terminal = await OnboardAsync(host, Profile(merchantId, firstSaleHoldAbove: 500_00), "T0000116");
        var heldId = await SellAsync(host, terminal, Sale(merchantId, "T0000116", 1, 600_00, new DateTime(2026, 11, 16, 10, 0, 0)));
        var okId = await SellAsync(host, terminal, Sale(merchantId, "T0000116", 2, 200_00, new DateTime(2026, 11, 16, 10, 5, 0)));

        var held = (await merchant.ExplainTransactionAsync(heldId))!;
        Assert.Equal(MoneyState.HeldForReview, held.State);
        Assert.Null(held.ExpectedArrivalDate);
        var ok = (await merchant.ExplainTransactionAsync(okId))!;
        Assert.Equal(MoneyState.PendingClearing, ok.State);
        Assert.Equal(new DateOnly(2026, 11, 17), ok.ExpectedArrivalDate);

        await host.Bank.CloseAccountAsync(BankCode, Account(merchantId));
        await host.AdvanceToLocalAsync(new DateTime(2026, 11, 17, 12, 0, 0));
        var returned = (await merchant.ExplainTransactionAsync(okId))!;
        Assert.Equal(MoneyState.Returned, returned.State);
        Assert.Contains("account closed", returned.Reason, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2026, 11, 18), returned.ExpectedArrivalDate);
        Assert.Equal(MoneyState.HeldForReview, (await merchant.ExplainTransactionAsync(heldId))!.State);
        Assert.Null(await merchant.ExplainTransactionAsync("sale:unknown"));
        await AssertConservedAsync(host, merchantId);
    }
}
