using AcquirerEngine.Domain.Ledger;
using static AcquirerEngine.Domain.Tests.Ledger.LedgerHarness;

namespace AcquirerEngine.Domain.Tests.Ledger;

public sealed class SettlementTests
{
    [Fact]
    public void Settle_PaysOnlyValueDatesUpToTheRun_OnePayoutNetted()
    {
        var ledger = Configured();
        ledger.Execute(Capture("a", amountMinor: 10_000, feeMinor: 60));
        ledger.Execute(Capture("b", amountMinor: 20_000, feeMinor: 120));
        ledger.Execute(Capture("c", amountMinor: 5_000, feeMinor: 30, valueDate: Day.AddDays(3)));

        var run = ledger.Execute<SettleOutcome>(Settle(Day.AddDays(1)));

        Assert.Equal(SettleResult.PayoutInstructed, run.Result);
        Assert.Equal(29_820, run.PayoutAmountMinor);
        var payout = LedgerQueries.Payout(ledger.State, run.PayoutId!)!;
        Assert.Equal(["a", "b"], payout.Allocations.Select(a => a.TransactionId));
        Assert.Equal(PayoutStatus.Instructed, payout.Status);
        Assert.Equal(AccountDestination.Interbank, payout.Destination);
        Assert.Equal(LedgerTransactionStatus.InPayout, LedgerQueries.Transaction(ledger.State, "a")!.Status);
        Assert.Equal(LedgerTransactionStatus.PendingClearing, LedgerQueries.Transaction(ledger.State, "c")!.Status);
        var balance = LedgerQueries.Balance(ledger.State);
        Assert.Equal(29_820, balance.QueuedMinor);
        Assert.Equal(4_970, balance.PendingClearingMinor);
        Assert.Equal(210, balance.FeesMinor);
    }

    [Fact]
    public void Settle_IsIdempotentPerRunDate_AndRunsOnlyMoveForward()
    {
        var ledger = Configured();
        ledger.Execute(Capture("a"));
        var first = ledger.Execute<SettleOutcome>(Settle(Day.AddDays(1)));
        var repeat = ledger.Execute<SettleOutcome>(Settle(Day.AddDays(1)));
        ledger.Execute(Capture("b", localTime: Noon.AddDays(1)));
        var next = ledger.Execute<SettleOutcome>(Settle(Day.AddDays(2)));
        var back = ledger.Execute<SettleOutcome>(Settle(Day.AddDays(1)));
        var older = ledger.Execute<SettleOutcome>(Settle(Day));

        Assert.Equal(SettleResult.AlreadySettled, repeat.Result);
        Assert.Equal(first.PayoutId, repeat.PayoutId);
        Assert.Equal(first.PayoutAmountMinor, repeat.PayoutAmountMinor);
        Assert.Empty(repeat.Events);
        Assert.Equal(SettleResult.PayoutInstructed, next.Result);
        Assert.Equal(SettleResult.AlreadySettled, back.Result);
        Assert.Equal(SettleResult.RunDateBeforeLastRun, older.Result);
        Assert.Equal(2, ledger.State.Payouts.Count);
    }

    [Fact]
    public void Settle_NothingDue_IsRecorded()
    {
        var ledger = Configured();
        var run = ledger.Execute<SettleOutcome>(Settle(Day));
        Assert.Equal(SettleResult.NothingDue, run.Result);
        Assert.Single(run.Events);
        Assert.Equal(Day, ledger.State.LastRunDate);
    }

    [Fact]
    public void ClassIIAccount_ExcessOverDailyLimitDeferredToNextRun()
    {
        var ledger = Configured(AccountType.ClassII, AccountDestination.Interbank);
        ledger.Execute(Capture("a", amountMinor: 700_000, feeMinor: 0));
        ledger.Execute(Capture("b", amountMinor: 600_000, feeMinor: 0));

        var run1 = ledger.Execute<SettleOutcome>(Settle(Day.AddDays(1)));

        Assert.Equal(1_000_000, run1.PayoutAmountMinor);
        var deferral = Assert.Single(run1.Deferrals);
        Assert.Equal(new FundsDeferral("b", FundsSource.Pending, 300_000, DeferralReason.ClassIIDailyLimit), deferral);
        var b = LedgerQueries.Transaction(ledger.State, "b")!;
        Assert.Equal(300_000, b.DeferredMinor);
        Assert.Equal(300_000, b.InPayoutMinor);
        Assert.Equal(LedgerTransactionStatus.Deferred, b.Status);
        Assert.Equal(DeferralReason.ClassIIDailyLimit, b.DeferralReason);
        Assert.Equal(300_000, LedgerQueries.Balance(ledger.State).DeferredMinor);

        var run2 = ledger.Execute<SettleOutcome>(Settle(Day.AddDays(2)));
        Assert.Equal(300_000, run2.PayoutAmountMinor);
        Assert.Empty(run2.Deferrals);
        Assert.Equal(FundsSource.Deferred, Assert.Single(LedgerQueries.Payout(ledger.State, run2.PayoutId!)!.Allocations).Source);
        Assert.Equal(0, LedgerQueries.Balance(ledger.State).DeferredMinor);
    }

    [Fact]
    public void ClassIIAccount_CatchUpRunsOnOneDay_ShareThatDaysLimit()
    {
        var ledger = Configured(AccountType.ClassII, AccountDestination.Interbank);
        ledger.Execute(Capture("a", amountMinor: 700_000, feeMinor: 0));
        ledger.Execute(Capture("b", amountMinor: 600_000, feeMinor: 0, localTime: Noon.AddDays(1)));
        ledger.Execute(Capture("c", amountMinor: 500_000, feeMinor: 0, localTime: Noon.AddDays(2)));
        var catchUpDay = Day.AddDays(3);

        // After downtime the runs of three dates all execute on one calendar day: 10,000 CNY reaches the account that day.
        var run1 = ledger.Execute<SettleOutcome>(new SettleCommand(Mid, Day.AddDays(1), Noon.AddDays(3), catchUpDay));
        var run2 = ledger.Execute<SettleOutcome>(new SettleCommand(Mid, Day.AddDays(2), Noon.AddDays(3), catchUpDay));
        var run3 = ledger.Execute<SettleOutcome>(new SettleCommand(Mid, Day.AddDays(3), Noon.AddDays(3), catchUpDay));
        var waiting = LedgerQueries.Balance(ledger.State);
        var nextDay = ledger.Execute<SettleOutcome>(new SettleCommand(Mid, Day.AddDays(4), Noon.AddDays(4), Day.AddDays(4)));

        Assert.Equal(700_000, run1.PayoutAmountMinor);
        Assert.Equal(300_000, run2.PayoutAmountMinor);
        Assert.Equal(DeferralReason.ClassIIDailyLimit, Assert.Single(run2.Deferrals).Reason);
        Assert.Equal(0, run3.PayoutAmountMinor);
        Assert.Equal((300_000L, 500_000L), (waiting.DeferredMinor, waiting.PendingClearingMinor));
        Assert.True(waiting.IsConserved, waiting.ToString());
        Assert.Equal(800_000, nextDay.PayoutAmountMinor);
    }

    [Fact]
    public void ClassIIAccount_AReturnedPayoutDoesNotUseUpTheDaysLimit()
    {
        var ledger = Configured(AccountType.ClassII, AccountDestination.Interbank);
        ledger.Execute(Capture("a", amountMinor: 700_000, feeMinor: 0));
        var first = ledger.Execute<SettleOutcome>(new SettleCommand(Mid, Day.AddDays(1), Noon.AddDays(1), Day.AddDays(1)));
        ledger.Execute(new RecordPayoutReturnedCommand(Mid, first.PayoutId!, "account frozen", Noon.AddDays(1)));
        ledger.Execute(Capture("b", amountMinor: 300_000, feeMinor: 0, localTime: Noon));

        var second = ledger.Execute<SettleOutcome>(new SettleCommand(Mid, Day.AddDays(2), Noon.AddDays(1), Day.AddDays(1)));

        Assert.Equal(1_000_000, second.PayoutAmountMinor);
        Assert.Empty(second.Deferrals);
    }

    [Fact]
    public void ClassIIAccount_LimitIsConfigurable_AndAppliesToTheNet()
    {
        var policy = new LedgerPolicy { ClassIIDailyInboundLimitMinor = 50_000 };
        var ledger = Configured(AccountType.ClassII, policy: policy);
        ledger.Execute(Capture("a", amountMinor: 40_000, feeMinor: 0));
        ledger.Execute(Settle(Day.AddDays(1)));
        // Refund after payout: 10,000 carried, so the next run may take 60,000 due and still pay only 50,000 net.
        ledger.Execute(new RecordRefundCommand(Mid, "a", "r1", 10_000, Noon.AddDays(1)));
        ledger.Execute(Capture("b", amountMinor: 80_000, feeMinor: 0, localTime: Noon.AddDays(1)));

        var run = ledger.Execute<SettleOutcome>(Settle(Day.AddDays(2)));

        Assert.Equal(50_000, run.PayoutAmountMinor);
        Assert.Equal(20_000, Assert.Single(run.Deferrals).AmountMinor);
    }

    [Fact]
    public void T0Quota_AboveTheDaysQuota_FallsBackToTheNextRun()
    {
        var ledger = Configured(cycle: "T0", sameDayQuotaMinor: 15_000);
        ledger.Execute(Capture("a", amountMinor: 10_000, feeMinor: 0, valueDate: Day));
        ledger.Execute(Capture("b", amountMinor: 10_000, feeMinor: 0, valueDate: Day));

        var run = ledger.Execute<SettleOutcome>(Settle(Day));

        Assert.Equal(SettleResult.PayoutInstructed, run.Result);
        Assert.Equal(15_000, run.PayoutAmountMinor);
        var deferral = Assert.Single(run.Deferrals);
        Assert.Equal(DeferralReason.SameDayQuotaExceeded, deferral.Reason);
        Assert.Equal(5_000, deferral.AmountMinor);
        Assert.Contains("same-day (T0/D0) quota", LedgerQueries.Transaction(ledger.State, "b")!.Reason, StringComparison.Ordinal);

        // T+1: the next run pays the excess, outside the quota.
        var next = ledger.Execute<SettleOutcome>(Settle(Day.AddDays(1)));
        Assert.Equal(5_000, next.PayoutAmountMinor);
        Assert.Empty(next.Deferrals);
    }

    [Fact]
    public void FrozenAccount_NoPayout_FundsStay_ReasonVisible()
    {
        var ledger = Configured();
        ledger.Execute(Capture("a"));
        ledger.Execute(new FreezeAccountCommand(Mid, "suspected fraud", Noon));

        var run = ledger.Execute<SettleOutcome>(Settle(Day.AddDays(1)));

        Assert.Equal(SettleResult.AccountFrozen, run.Result);
        Assert.Empty(ledger.State.Payouts);
        var view = LedgerQueries.Transaction(ledger.State, "a")!;
        Assert.Equal(LedgerTransactionStatus.PendingClearing, view.Status);
        Assert.Equal("account frozen: suspected fraud", view.Reason);
        Assert.Equal(FreezeResult.AlreadyFrozen, ledger.Execute<FreezeOutcome>(new FreezeAccountCommand(Mid, "again", Noon)).Result);
        Assert.Equal(FreezeResult.Unfrozen, ledger.Execute<FreezeOutcome>(new UnfreezeAccountCommand(Mid, Noon)).Result);
        Assert.Equal(FreezeResult.NotFrozen, ledger.Execute<FreezeOutcome>(new UnfreezeAccountCommand(Mid, Noon)).Result);
    }

    [Fact]
    public void RefundOfPaidSale_IsDeductedFromTheNextPayout()
    {
        var ledger = Configured();
        ledger.Execute(Capture("a", amountMinor: 10_000, feeMinor: 60));
        ledger.Execute(Settle(Day.AddDays(1)));
        var refund = ledger.Execute<LedgerRefundOutcome>(new RecordRefundCommand(Mid, "a", "r1", 3_000, Noon.AddDays(1)));
        ledger.Execute(Capture("b", amountMinor: 20_000, feeMinor: 120, localTime: Noon.AddDays(1)));

        var run = ledger.Execute<SettleOutcome>(Settle(Day.AddDays(2)));

        Assert.Equal(LedgerRefundResult.RecordedCarriedToNextSettlement, refund.Result);
        Assert.Equal(3_000, refund.CarriedMinor);
        Assert.Equal(19_880 - 3_000, run.PayoutAmountMinor);
        var allocations = LedgerQueries.Payout(ledger.State, run.PayoutId!)!.Allocations;
        Assert.Contains(new PayoutAllocation("a", FundsSource.Pending, -3_000), allocations);
        Assert.Equal(0, LedgerQueries.Balance(ledger.State).RefundCarryMinor);
    }

    [Fact]
    public void CarriedRefundsAboveWhatIsDue_NoPayout_NothingMoves()
    {
        var ledger = Configured();
        ledger.Execute(Capture("a", amountMinor: 10_000, feeMinor: 0));
        ledger.Execute(Settle(Day.AddDays(1)));
        ledger.Execute(new RecordRefundCommand(Mid, "a", "r1", 8_000, Noon.AddDays(1)));
        ledger.Execute(Capture("b", amountMinor: 5_000, feeMinor: 0, localTime: Noon.AddDays(1)));

        var run = ledger.Execute<SettleOutcome>(Settle(Day.AddDays(2)));

        Assert.Equal(SettleResult.NetNotPositive, run.Result);
        Assert.Null(run.PayoutId);
        var balance = LedgerQueries.Balance(ledger.State);
        Assert.Equal(-8_000, balance.RefundCarryMinor);
        Assert.Equal(5_000, balance.PendingClearingMinor);
    }
}
