using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Domain.Explanations;
using AcquirerEngine.Domain.Ledger;
using AcquirerEngine.Domain.Terminals;
using AcquirerEngine.Grains.Bank;
using AcquirerEngine.Grains.Merchants;
using static AcquirerEngine.Grains.Tests.Scenarios.ScenarioKit;

namespace AcquirerEngine.Grains.Tests.Scenarios;

/// <summary>Scenarios 7, 9, 10 and 11: holds, a frozen account at the bank, reversals and duplicates, end to end.</summary>
public sealed class RiskAndReturnScenarioTests
{
    [Fact]
    public async Task Scenario7_new_merchant_first_sale_of_100000_is_held_released_by_an_operator_and_paid_next_cycle()
    {
        await using var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 11, 10, 9, 0, 0));
        const string merchantId = "898340149000007";
        var merchant = host.Merchant(merchantId);
        var terminal = await OnboardAsync(host, Profile(merchantId), "T0000007");
        var transactionId = await SellAsync(host, terminal, Sale(merchantId, "T0000007", 1, 100_000_00, new DateTime(2026, 11, 10, 10, 0, 0)));

        var hold = Assert.Single(await merchant.ListHoldsAsync());
        Assert.Equal(transactionId, hold.TransactionId);
        Assert.Equal(NetCredit(100_000_00), hold.HeldMinor);
        var held = (await merchant.ExplainTransactionAsync(transactionId))!;
        Assert.Equal(MoneyState.HeldForReview, held.State);
        Assert.Contains("held for review", held.Reason, StringComparison.Ordinal);
        Assert.Contains(hold.Text!, held.Reason, StringComparison.Ordinal);
        Assert.Null(held.ExpectedArrivalDate);
        Assert.Contains(await host.Alerts.ListAsync(), a => a.Kind == MerchantAlertKinds.NewMerchantLargeFirstSale && a.MerchantId == merchantId);
        Assert.Contains(merchantId, await host.Grains.GetGrain<IMerchantDirectoryGrain>(MerchantDirectoryGrain.AllKey).ListAsync());

        // The value date (11-11) passes: nothing is paid while held.
        await host.AdvanceToLocalAsync(new DateTime(2026, 11, 12, 10, 0, 0));
        Assert.Empty(await StatementAsync(host, merchantId));
        Assert.Equal(NetCredit(100_000_00), (await merchant.GetBalanceAsync())!.Balance.HeldMinor);

        Assert.Equal(HoldResult.Released, await merchant.ReleaseHoldAsync(transactionId));
        Assert.Equal(HoldResult.NotHeld, await merchant.ReleaseHoldAsync(transactionId));
        Assert.Empty(await merchant.ListHoldsAsync());

        await host.AdvanceToLocalAsync(new DateTime(2026, 11, 13, 12, 0, 0));
        var line = Assert.Single(await StatementAsync(host, merchantId));
        Assert.Equal(new DateOnly(2026, 11, 13), LocalDate(host, line.CreditedAtUtc));
        Assert.Equal(NetCredit(100_000_00), line.AmountMinor);
        Assert.Equal(ChannelKind.Hvps, line.Channel);
        Assert.Equal(MoneyState.Paid, (await merchant.ExplainTransactionAsync(transactionId))!.State);
        await AssertConservedAsync(host, merchantId);
    }

    [Fact]
    public async Task Scenario9_frozen_account_at_the_bank_returns_the_payout_restores_the_balance_and_says_why()
    {
        await using var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 11, 9, 9, 0, 0));
        const string merchantId = "898340149000009";
        var merchant = host.Merchant(merchantId);
        var terminal = await OnboardAsync(host, Profile(merchantId), "T0000009");
        var transactionId = await SellAsync(host, terminal, Sale(merchantId, "T0000009", 1, 800_00, new DateTime(2026, 11, 9, 10, 0, 0)));
        await host.Bank.FreezeAccountAsync(BankCode, Account(merchantId));

        await host.AdvanceToLocalAsync(new DateTime(2026, 11, 10, 12, 0, 0));

        Assert.Empty(await StatementAsync(host, merchantId));
        var balance = (await merchant.GetBalanceAsync())!.Balance;
        Assert.Equal(NetCredit(800_00), balance.ReturnedMinor);
        Assert.Equal(0, balance.PaidMinor + balance.InTransitMinor + balance.QueuedMinor);
        var payout = Assert.Single(await merchant.ListPayoutsAsync());
        Assert.Equal(PayoutStatus.Returned, payout.Payout.Status);
        Assert.Equal(MoneyState.Returned, payout.Explanation.State);
        var explanation = (await merchant.ExplainTransactionAsync(transactionId))!;
        Assert.Equal(MoneyState.Returned, explanation.State);
        Assert.Contains(SimulatedBankGrain.FrozenReason, explanation.Reason, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2026, 11, 11), explanation.ExpectedArrivalDate);
        await AssertConservedAsync(host, merchantId);

        // Once the bank unfreezes the account, the next run pays the returned money.
        await host.Bank.UnfreezeAccountAsync(BankCode, Account(merchantId));
        await host.AdvanceToLocalAsync(new DateTime(2026, 11, 11, 12, 0, 0));
        var line = Assert.Single(await StatementAsync(host, merchantId));
        Assert.Equal(NetCredit(800_00), line.AmountMinor);
        Assert.Equal(MoneyState.Paid, (await merchant.ExplainTransactionAsync(transactionId))!.State);
        Assert.Equal(0, (await merchant.GetBalanceAsync())!.Balance.ReturnedMinor);
        await AssertConservedAsync(host, merchantId);
    }

    [Fact]
    public async Task Scenario10_reversal_after_a_lost_response_reverses_the_money_and_nothing_is_paid_for_it()
    {
        await using var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 11, 9, 9, 0, 0));
        const string merchantId = "898340149000010";
        var merchant = host.Merchant(merchantId);
        var terminal = await OnboardAsync(host, Profile(merchantId), "T0000010");
        var lost = Sale(merchantId, "T0000010", 1, 700_00, new DateTime(2026, 11, 9, 10, 0, 0));
        var kept = Sale(merchantId, "T0000010", 2, 300_00, new DateTime(2026, 11, 9, 10, 5, 0));
        var lostId = await SellAsync(host, terminal, lost);
        await SellAsync(host, terminal, kept);

        Assert.Equal(ReverseResult.Reversed, (await terminal.ReverseAsync(new ReverseCommand(Key(lost)))).Result);
        var duplicate = await terminal.ReverseAsync(new ReverseCommand(Key(lost)));
        Assert.NotEqual(ReverseResult.Reversed, duplicate.Result);
        await terminal.ReverseAsync(new ReverseCommand(Key(lost) with { Stan = 999 }));
        await host.QuiesceAsync(); // the reversals reach the merchant after their replies

        var reversed = (await merchant.ExplainTransactionAsync(lostId))!;
        Assert.Equal(MoneyState.Reversed, reversed.State);
        Assert.Equal(700_00, (await merchant.GetBalanceAsync())!.Balance.ReversedMinor);

        await host.AdvanceToLocalAsync(new DateTime(2026, 11, 10, 12, 0, 0));
        var line = Assert.Single(await StatementAsync(host, merchantId));
        Assert.Equal(NetCredit(300_00), line.AmountMinor);
        Assert.Equal(MoneyState.Reversed, (await merchant.ExplainTransactionAsync(lostId))!.State);
        Assert.Equal(0, await terminal.GetPendingForwardCountAsync());
        await AssertConservedAsync(host, merchantId);
    }

    [Fact]
    public async Task Scenario11_duplicate_sale_is_captured_once_and_paid_once()
    {
        await using var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 11, 9, 9, 0, 0));
        const string merchantId = "898340149000011";
        var merchant = host.Merchant(merchantId);
        var terminal = await OnboardAsync(host, Profile(merchantId), "T0000011");
        var sale = Sale(merchantId, "T0000011", 1, 456_78, new DateTime(2026, 11, 9, 10, 0, 0));
        var first = await terminal.SaleAsync(sale);
        var again = await terminal.SaleAsync(sale);
        await host.QuiesceAsync(); // the sale reaches the merchant after its reply

        Assert.Equal(SaleResult.Approved, first.Result);
        Assert.Equal(SaleResult.DuplicateSameBody, again.Result);
        Assert.Equal(first.Reply, again.Reply);
        Assert.Equal(456_78, (await merchant.GetBalanceAsync())!.Balance.CapturedMinor);

        await host.AdvanceToLocalAsync(new DateTime(2026, 11, 10, 12, 0, 0));
        var line = Assert.Single(await StatementAsync(host, merchantId));
        Assert.Equal(NetCredit(456_78), line.AmountMinor);
        Assert.Single(await merchant.ListPayoutsAsync());
        await AssertConservedAsync(host, merchantId);
    }
}
