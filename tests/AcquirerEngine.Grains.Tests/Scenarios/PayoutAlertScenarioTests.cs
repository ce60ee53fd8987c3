using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Domain.Explanations;
using AcquirerEngine.Domain.Ledger;
using AcquirerEngine.Domain.Settlement;
using AcquirerEngine.Grains.Bank;
using AcquirerEngine.Grains.Channels;
using AcquirerEngine.Grains.Merchants;
using static AcquirerEngine.Grains.Tests.Scenarios.ScenarioKit;

namespace AcquirerEngine.Grains.Tests.Scenarios;

/// <summary>Payouts that go wrong tell the operator by alert (returned by the bank, or not handed to any rail).</summary>
public sealed class PayoutAlertScenarioTests
{
    [Fact]
    public async Task Returned_payout_raises_one_alert_naming_the_reason_and_the_payout_keeps_its_channel()
    {
        await using var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 11, 9, 9, 0, 0));
        const string merchantId = "898340149000051";
        var merchant = host.Merchant(merchantId);
        var terminal = await OnboardAsync(host, Profile(merchantId), "T0000051");
        await SellAsync(host, terminal, Sale(merchantId, "T0000051", 1, 800_00, new DateTime(2026, 11, 9, 10, 0, 0)));
        await host.Bank.FreezeAccountAsync(BankCode, Account(merchantId));

        await host.AdvanceToLocalAsync(new DateTime(2026, 11, 10, 12, 0, 0));

        var payout = Assert.Single(await merchant.ListPayoutsAsync());
        Assert.Equal(PayoutStatus.Returned, payout.Payout.Status);
        var alert = Assert.Single(await host.Alerts.ListAsync(), a => a.Kind == MerchantAlertKinds.PayoutReturned);
        Assert.Equal($"payout-returned:{payout.Payout.PayoutId}", alert.Id);
        Assert.Equal(merchantId, alert.MerchantId);
        Assert.Contains(merchantId, alert.Message, StringComparison.Ordinal);
        Assert.Contains(MoneyText.Cny(NetCredit(800_00)), alert.Message, StringComparison.Ordinal);
        Assert.Contains(SimulatedBankGrain.FrozenReason, alert.Message, StringComparison.Ordinal);

        // The bank refused at once (no Sent notice), yet the ledger's view and the explanation name the rail.
        Assert.NotNull(payout.Payout.Channel);
        Assert.Equal(payout.Payout.Channel, payout.Explanation.Channel?.ToString());
        var explained = (await merchant.ExplainPayoutAsync(payout.Payout.PayoutId))!;
        Assert.Equal(MoneyState.Returned, explained.State);
        Assert.Equal(payout.Payout.Channel, explained.Channel?.ToString());
        await AssertConservedAsync(host, merchantId);

        // Later runs neither repeat the alert nor disturb the repayment once the account is unfrozen.
        await host.Bank.UnfreezeAccountAsync(BankCode, Account(merchantId));
        await host.AdvanceToLocalAsync(new DateTime(2026, 11, 11, 12, 0, 0));
        Assert.Single(await StatementAsync(host, merchantId));
        Assert.Single(await host.Alerts.ListAsync(), a => a.Kind == MerchantAlertKinds.PayoutReturned);
        await AssertConservedAsync(host, merchantId);
    }

    [Fact]
    public async Task Payout_refused_by_a_full_rail_queue_raises_one_alert_and_is_handed_over_on_a_later_run()
    {
        // One rail holding one payout, closed for maintenance over the run: the second merchant's payout is refused.
        var settings = new GrainTestSettings
        {
            Channels = [ChannelDefaults.Ibps],
            Rail = BankChannelOptions.Default with { MaxQueueDepth = 1 },
        };
        await using var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 11, 16, 9, 0, 0), settings);
        string[] merchantIds = ["898340149000052", "898340149000053"];
        for (var i = 0; i < merchantIds.Length; i++)
        {
            var terminalId = $"T000005{i + 2}";
            var terminal = await OnboardAsync(host, Profile(merchantIds[i], SettlementCycle.T1), terminalId);
            await SellAsync(host, terminal, Sale(merchantIds[i], terminalId, 1, 2_000_00, new DateTime(2026, 11, 16, 15, i, 0)));
        }

        await host.Rail(ChannelKind.Ibps).ScheduleMaintenanceAsync(new MaintenanceWindow
        {
            Id = "ibps-upgrade",
            Channel = ChannelKind.Ibps,
            Start = new DateTime(2026, 11, 17, 0, 0, 0),
            End = new DateTime(2026, 11, 17, 6, 0, 0),
            Reason = "IBPS upgrade",
        });

        await host.AdvanceToLocalAsync(new DateTime(2026, 11, 17, 3, 0, 0));

        var alert = Assert.Single(await host.Alerts.ListAsync(), a => a.Kind == MerchantAlertKinds.PayoutNotDispatched);
        var refused = alert.MerchantId!;
        Assert.Contains(refused, merchantIds);
        var payout = Assert.Single(await host.Merchant(refused).ListPayoutsAsync());
        Assert.Equal($"payout-not-dispatched:{payout.Payout.PayoutId}:queue-full", alert.Id);
        Assert.Contains("MaxQueueDepth", alert.Message, StringComparison.Ordinal);
        Assert.Contains(MoneyText.Cny(NetCredit(2_000_00)), alert.Message, StringComparison.Ordinal);
        Assert.Equal(PayoutStatus.Instructed, payout.Payout.Status);

        // The window ends, the queue drains, and the next daily run hands the refused payout over.
        await host.AdvanceToLocalAsync(new DateTime(2026, 11, 18, 3, 0, 0));
        foreach (var merchantId in merchantIds)
        {
            var line = Assert.Single(await StatementAsync(host, merchantId));
            Assert.Equal(NetCredit(2_000_00), line.AmountMinor);
            await AssertConservedAsync(host, merchantId);
        }

        Assert.Single(await host.Alerts.ListAsync(), a => a.Kind == MerchantAlertKinds.PayoutNotDispatched);
    }

    [Fact]
    public async Task Payout_no_configured_rail_can_carry_raises_one_alert_however_many_runs_retry_it()
    {
        var settings = new GrainTestSettings
        {
            Channels = [ChannelDefaults.Ibps],
        };
        await using var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 11, 16, 9, 0, 0), settings);
        const string merchantId = "898340149000054";
        var terminal = await OnboardAsync(host, Profile(merchantId, SettlementCycle.T1, firstSaleHoldAbove: 1_000_000_00), "T0000054");
        await SellAsync(host, terminal, Sale(merchantId, "T0000054", 1, 80_000_00, new DateTime(2026, 11, 16, 15, 0, 0)));

        await host.AdvanceToLocalAsync(new DateTime(2026, 11, 18, 3, 0, 0));

        var payout = Assert.Single(await host.Merchant(merchantId).ListPayoutsAsync());
        Assert.Equal(PayoutStatus.Instructed, payout.Payout.Status);
        var alert = Assert.Single(await host.Alerts.ListAsync(), a => a.Kind == MerchantAlertKinds.PayoutNotDispatched);
        Assert.Equal($"payout-not-dispatched:{payout.Payout.PayoutId}:no-route", alert.Id);
        Assert.Equal(merchantId, alert.MerchantId);
        Assert.Empty(await StatementAsync(host, merchantId));
        await AssertConservedAsync(host, merchantId);
    }
}
