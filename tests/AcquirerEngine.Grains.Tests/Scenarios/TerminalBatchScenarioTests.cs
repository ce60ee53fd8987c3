using AcquirerEngine.Domain.Explanations;
using AcquirerEngine.Domain.Terminals;
using AcquirerEngine.Grains.Alerts;
using static AcquirerEngine.Grains.Tests.Scenarios.ScenarioKit;

namespace AcquirerEngine.Grains.Tests.Scenarios;

/// <summary>Scenarios 12 and 13 through the merchant ledger: operator mistakes and a batch left open.</summary>
public sealed class TerminalBatchScenarioTests
{
    [Fact]
    public async Task Scenario12_wrong_amount_voided_the_same_day_and_refund_after_close_are_paid_net()
    {
        await using var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 11, 9, 9, 0, 0));
        const string merchantId = "898340149000121";
        var merchant = host.Merchant(merchantId);
        var terminal = await OnboardAsync(host, Profile(merchantId), "T0000121");
        var wrong = Sale(merchantId, "T0000121", 1, 1_000_00, new DateTime(2026, 11, 9, 10, 0, 0));
        var wrongId = await SellAsync(host, terminal, wrong);
        Assert.Equal(VoidResult.Voided, (await terminal.VoidAsync(new VoidCommand(Key(wrong), 2, 1_000_00, new DateTime(2026, 11, 9, 10, 2, 0)))).Result);
        await host.QuiesceAsync(); // the void reaches the merchant after its reply
        Assert.Equal(MoneyState.Voided, (await merchant.ExplainTransactionAsync(wrongId))!.State);

        // Keyed 1,000 instead of 100 again; noticed only after the batch closed: refund 900.
        var second = Sale(merchantId, "T0000121", 3, 1_000_00, new DateTime(2026, 11, 9, 11, 0, 0));
        await SellAsync(host, terminal, second);
        var closed = await terminal.SettleBatchAsync(new SettleBatchCommand(
            merchantId, "T0000121", 1, new BatchSettlementTotals(1, 1_000_00, 0, 0), new DateTime(2026, 11, 9, 20, 0, 0)));
        Assert.Equal(SettleBatchResult.Balanced, closed.Result);
        await terminal.SignOnAsync(new SignOnCommand(merchantId, "T0000121"));
        Assert.Equal(RefundResult.Refunded, (await terminal.RefundAsync(new RefundCommand(Key(second), 2, 4, 900_00, new DateTime(2026, 11, 9, 21, 0, 0)))).Result);

        await host.AdvanceToLocalAsync(new DateTime(2026, 11, 10, 12, 0, 0));
        var line = Assert.Single(await StatementAsync(host, merchantId));
        Assert.Equal(NetCredit(1_000_00) - 900_00, line.AmountMinor);
        await AssertConservedAsync(host, merchantId);
    }

    [Fact]
    public async Task Scenario13_batch_open_ten_days_still_settles_online_sales_and_alerts_once()
    {
        await using var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 11, 2, 9, 0, 0));
        const string merchantId = "898340149000131";
        var terminal = await OnboardAsync(host, Profile(merchantId), "T0000131");
        await SellAsync(host, terminal, Sale(merchantId, "T0000131", 1, 100_00, new DateTime(2026, 11, 2, 10, 0, 0)));
        await SellAsync(host, terminal, Sale(merchantId, "T0000131", 2, 100_00, new DateTime(2026, 11, 12, 10, 0, 0)));
        await SellAsync(host, terminal, Sale(merchantId, "T0000131", 3, 100_00, new DateTime(2026, 11, 12, 11, 0, 0)));

        var alerts = (await host.Alerts.ListAsync()).Where(a => a.Kind == AlertKinds.BatchOpenTooLong).ToList();
        Assert.Single(alerts);
        Assert.Equal(merchantId, alerts[0].MerchantId);

        await host.AdvanceToLocalAsync(new DateTime(2026, 11, 13, 12, 0, 0));
        var lines = await StatementAsync(host, merchantId);
        Assert.Equal(2, lines.Count);
        Assert.Equal(NetCredit(100_00) * 2, lines[1].AmountMinor);
        await AssertConservedAsync(host, merchantId);
    }
}
