using AcquirerEngine.Domain.Explanations;
using AcquirerEngine.Domain.Ledger;
using AcquirerEngine.Grains.Bank;
using AcquirerEngine.Grains.Channels;
using AcquirerEngine.Grains.Merchants;
using static AcquirerEngine.Grains.Tests.Scenarios.ScenarioKit;

namespace AcquirerEngine.Grains.Tests.Scenarios;

/// <summary>
/// Payouts that cannot reach the account: returns for a frozen or closed account back off instead of bouncing
/// every day, and a rail that fails at hand-over alerts once per episode while the runs retry.
/// </summary>
public sealed class ReturnBackoffScenarioTests
{
    [Fact]
    public async Task Returns_for_a_frozen_account_back_off_in_working_days_keep_the_money_returned_and_resume_when_the_operator_acts()
    {
        await using var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 11, 9, 9, 0, 0));
        const string merchantId = "898340149000061";
        var merchant = host.Merchant(merchantId);
        var terminal = await OnboardAsync(host, Profile(merchantId), "T0000061");
        var transactionId = await SellAsync(host, terminal, Sale(merchantId, "T0000061", 1, 800_00, new DateTime(2026, 11, 9, 10, 0, 0)));
        await host.Bank.FreezeAccountAsync(BankCode, Account(merchantId));

        // Runs 11-10 (return 1), 11-11 (return 2: wait 2 working days), 11-13 (return 3: wait 4), 11-19 (return 4:
        // wait 8, the bound); 11-12, 11-14..11-18 and 11-20 send nothing. Without the back-off: 11 returns by 11-20.
        await host.AdvanceToLocalAsync(new DateTime(2026, 11, 20, 12, 0, 0));

        var payouts = await merchant.ListPayoutsAsync();
        Assert.Equal(
            [new DateOnly(2026, 11, 10), new DateOnly(2026, 11, 11), new DateOnly(2026, 11, 13), new DateOnly(2026, 11, 19)],
            payouts.Select(p => p.Payout.RunDate));
        Assert.All(payouts, p => Assert.Equal(PayoutStatus.Returned, p.Payout.Status));
        var balance = (await merchant.GetBalanceAsync())!.Balance;
        Assert.Equal((NetCredit(800_00), 0L), (balance.ReturnedMinor, balance.PaidMinor));
        var explanation = (await merchant.ExplainTransactionAsync(transactionId))!;
        Assert.Equal(MoneyState.Returned, explanation.State);
        Assert.Contains(SimulatedBankGrain.FrozenReason, explanation.Reason, StringComparison.Ordinal);
        Assert.Contains("back off after 4 returns in a row", explanation.Reason, StringComparison.Ordinal);
        Assert.Contains("2026-12-01 00:30", explanation.Reason, StringComparison.Ordinal); // 11-19 + 8 working days
        var alerts = (await host.Alerts.ListAsync()).Where(a => a.Kind == MerchantAlertKinds.PayoutReturned).ToList();
        Assert.Equal(4, alerts.Count);
        Assert.Contains("no payout is sent before the settlement run of 2026-12-01", alerts[^1].Message, StringComparison.Ordinal);
        await AssertConservedAsync(host, merchantId);

        // The bank lifts the freeze and the operator acts on the merchant: the next run pays, the episode is over.
        await host.Bank.UnfreezeAccountAsync(BankCode, Account(merchantId));
        await merchant.UnfreezeAsync();
        await host.AdvanceToLocalAsync(new DateTime(2026, 11, 21, 12, 0, 0));
        var line = Assert.Single(await StatementAsync(host, merchantId));
        Assert.Equal(NetCredit(800_00), line.AmountMinor);
        Assert.Equal(MoneyState.Paid, (await merchant.ExplainTransactionAsync(transactionId))!.State);
        await AssertConservedAsync(host, merchantId);
    }

    [Fact]
    public async Task Rail_failing_at_hand_over_raises_one_alert_per_episode_while_every_run_retries()
    {
        await using var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 11, 16, 9, 0, 0));
        const string merchantId = "898340149000062";
        var merchant = host.Merchant(merchantId);
        var terminal = await OnboardAsync(host, Profile(merchantId), "T0000062");
        await SellAsync(host, terminal, Sale(merchantId, "T0000062", 1, 2_000_00, new DateTime(2026, 11, 16, 10, 0, 0)));

        // The rail's store fails the hand-over of the 11-17 and 11-18 runs; the 11-19 run gets through.
        host.Selective.FailNextWrites(BankChannelGrain.GrainTypeName, 2);
        await host.AdvanceToLocalAsync(new DateTime(2026, 11, 18, 12, 0, 0));
        var duringOutage = (await host.Alerts.ListAsync()).Where(a => a.Kind == MerchantAlertKinds.PayoutRailUnavailable).ToList();
        var waiting = Assert.Single(await merchant.ListPayoutsAsync());
        await host.AdvanceToLocalAsync(new DateTime(2026, 11, 19, 12, 0, 0));

        var alert = Assert.Single(duringOutage);
        Assert.Equal(merchantId, alert.MerchantId);
        Assert.Contains("Ibps", alert.Message, StringComparison.Ordinal);
        Assert.Contains(waiting.Payout.PayoutId, alert.Message, StringComparison.Ordinal);
        Assert.Equal(PayoutStatus.Instructed, waiting.Payout.Status);
        Assert.Equal(NetCredit(2_000_00), Assert.Single(await StatementAsync(host, merchantId)).AmountMinor);

        // A later failure is a new episode: one more alert.
        await SellAsync(host, terminal, Sale(merchantId, "T0000062", 2, 1_000_00, new DateTime(2026, 11, 19, 13, 0, 0)));
        host.Selective.FailNextWrites(BankChannelGrain.GrainTypeName, 1);
        await host.AdvanceToLocalAsync(new DateTime(2026, 11, 21, 12, 0, 0));
        Assert.Equal(2, (await host.Alerts.ListAsync()).Count(a => a.Kind == MerchantAlertKinds.PayoutRailUnavailable));
        Assert.Equal(2, (await StatementAsync(host, merchantId)).Count);
        await AssertConservedAsync(host, merchantId);
    }
}
