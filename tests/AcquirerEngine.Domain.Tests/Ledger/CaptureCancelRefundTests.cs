using AcquirerEngine.Domain.Ledger;
using static AcquirerEngine.Domain.Tests.Ledger.LedgerHarness;

namespace AcquirerEngine.Domain.Tests.Ledger;

public sealed class CaptureCancelRefundTests
{
    [Fact]
    public void Capture_NetToPending_FeeToFees()
    {
        var ledger = Configured();
        var outcome = ledger.Execute<CaptureOutcome>(Capture("a", amountMinor: 10_000, feeMinor: 60));

        Assert.Equal(CaptureResult.Captured, outcome.Result);
        var balance = LedgerQueries.Balance(ledger.State);
        Assert.Equal(9_940, balance.PendingClearingMinor);
        Assert.Equal(60, balance.FeesMinor);
        var view = LedgerQueries.Transaction(ledger.State, "a")!;
        Assert.Equal(LedgerTransactionStatus.PendingClearing, view.Status);
        Assert.Equal(Day, view.ClearingDate);
        Assert.Equal(Day.AddDays(1), view.ValueDate);
    }

    [Fact]
    public void Capture_RoundAmount_AlertsWithoutHolding_AlertJournalled()
    {
        var ledger = Configured();
        ledger.Execute(Capture("warm-up", amountMinor: 1_000, feeMinor: 6));

        var outcome = ledger.Execute<CaptureOutcome>(Capture("round", amountMinor: 2_000_000, feeMinor: 12_000));

        Assert.Equal(CaptureResult.Captured, outcome.Result);
        Assert.Equal(AcquirerEngine.Domain.Risk.RiskAlertKind.RoundAmount, Assert.Single(outcome.Risk!.Alerts).Kind);
        Assert.Equal(AcquirerEngine.Domain.Risk.RiskAlertKind.RoundAmount, Assert.Single(ledger.Journal.OfType<SaleCaptured>().Last().Alerts).Kind);
        Assert.Equal(LedgerTransactionStatus.PendingClearing, LedgerQueries.Transaction(ledger.State, "round")!.Status);
    }

    [Fact]
    public void Capture_BeforeTheAccountIsConfigured_IsRefused()
    {
        var ledger = new LedgerHarness();
        Assert.Equal(CaptureResult.AccountNotConfigured, ledger.Execute<CaptureOutcome>(Capture("a")).Result);
        Assert.Equal(SettleResult.AccountNotConfigured, ledger.Execute<SettleOutcome>(Settle(Day)).Result);
    }

    [Fact]
    public void ConfigureAccount_SameConfigIsUnchanged_ChangeIsVersioned()
    {
        var ledger = Configured();
        Assert.Equal(ConfigureAccountResult.Unchanged, ledger.Execute<ConfigureAccountOutcome>(new ConfigureAccountCommand(Mid, AccountType.Corporate, AccountDestination.Interbank, "T1", null)).Result);
        var change = ledger.Execute<ConfigureAccountOutcome>(new ConfigureAccountCommand(Mid, AccountType.Corporate, AccountDestination.SameBank, "T1", null));
        Assert.Equal(ConfigureAccountResult.Configured, change.Result);
        Assert.Equal(2, ledger.State.Account.Version);
    }

    [Theory]
    [InlineData(CancelKind.Void, LedgerTransactionStatus.Voided)]
    [InlineData(CancelKind.Reversal, LedgerTransactionStatus.Reversed)]
    public void Cancel_RemovesFromPending_ReturnsTheFee_Idempotent(CancelKind kind, LedgerTransactionStatus status)
    {
        var ledger = Configured();
        ledger.Execute(Capture("a", amountMinor: 10_000, feeMinor: 60));

        var cancel = ledger.Execute<CancelOutcome>(new CancelSaleCommand(Mid, "a", kind, Noon));
        var repeat = ledger.Execute<CancelOutcome>(new CancelSaleCommand(Mid, "a", kind, Noon));

        Assert.Equal(CancelResult.Cancelled, cancel.Result);
        Assert.Equal(CancelResult.AlreadyCancelled, repeat.Result);
        Assert.Empty(repeat.Events);
        var balance = LedgerQueries.Balance(ledger.State);
        Assert.Equal(0, balance.PendingClearingMinor);
        Assert.Equal(0, balance.FeesMinor);
        Assert.Equal(10_000, balance.VoidedMinor + balance.ReversedMinor);
        Assert.Equal(status, LedgerQueries.Transaction(ledger.State, "a")!.Status);
        Assert.Equal(SettleResult.NothingDue, ledger.Execute<SettleOutcome>(Settle(Day.AddDays(1))).Result);
    }

    [Fact]
    public void Cancel_OfHeldSale_RemovesItFromHeld()
    {
        var ledger = Configured();
        ledger.Execute(Capture("big", amountMinor: 6_000_000, feeMinor: 0));
        Assert.Equal(6_000_000, LedgerQueries.Balance(ledger.State).HeldMinor);

        ledger.Execute(new CancelSaleCommand(Mid, "big", CancelKind.Reversal, Noon));

        Assert.Equal(0, LedgerQueries.Balance(ledger.State).HeldMinor);
        Assert.Empty(LedgerQueries.ListHolds(ledger.State));
    }

    [Fact]
    public void Cancel_AfterPayout_IsARefundCase_UnknownMovesNoMoney()
    {
        var ledger = Configured();
        ledger.Execute(Capture("a"));
        ledger.Execute(Settle(Day.AddDays(1)));

        Assert.Equal(CancelResult.RefundRequired, ledger.Execute<CancelOutcome>(new CancelSaleCommand(Mid, "a", CancelKind.Void, Noon)).Result);
        Assert.Equal(CancelResult.TransactionNotFound, ledger.Execute<CancelOutcome>(new CancelSaleCommand(Mid, "zz", CancelKind.Reversal, Noon)).Result);
    }

    [Fact]
    public void Refunds_PartialAndMultiple_NeverAboveTheOriginal_IdempotentByRefundId()
    {
        var ledger = Configured();
        ledger.Execute(Capture("a", amountMinor: 100_000, feeMinor: 600));

        var r1 = ledger.Execute<LedgerRefundOutcome>(new RecordRefundCommand(Mid, "a", "r1", 90_000, Noon));
        var r1Again = ledger.Execute<LedgerRefundOutcome>(new RecordRefundCommand(Mid, "a", "r1", 90_000, Noon));
        var r1Conflict = ledger.Execute<LedgerRefundOutcome>(new RecordRefundCommand(Mid, "a", "r1", 5_000, Noon));
        var tooMuch = ledger.Execute<LedgerRefundOutcome>(new RecordRefundCommand(Mid, "a", "r2", 10_001, Noon));
        var rest = ledger.Execute<LedgerRefundOutcome>(new RecordRefundCommand(Mid, "a", "r3", 10_000, Noon));
        var beyond = ledger.Execute<LedgerRefundOutcome>(new RecordRefundCommand(Mid, "a", "r4", 1, Noon));

        Assert.Equal(LedgerRefundResult.Recorded, r1.Result);
        Assert.Equal(10_000, r1.RefundableMinor);
        Assert.Equal(LedgerRefundResult.Duplicate, r1Again.Result);
        Assert.Empty(r1Again.Events);
        Assert.Equal(LedgerRefundResult.ConflictDifferentBody, r1Conflict.Result);
        Assert.Equal(LedgerRefundResult.ExceedsOriginal, tooMuch.Result);
        Assert.Equal(10_000, tooMuch.RefundableMinor);
        // The fee is kept on refunds, so a full refund of an unpaid sale leaves the fee to be carried.
        Assert.Equal(LedgerRefundResult.RecordedCarriedToNextSettlement, rest.Result);
        Assert.Equal(600, rest.CarriedMinor);
        Assert.Equal(LedgerRefundResult.ExceedsOriginal, beyond.Result);
        Assert.Equal(100_000, LedgerQueries.Balance(ledger.State).RefundedMinor);
        Assert.Equal(LedgerTransactionStatus.Refunded, LedgerQueries.Transaction(ledger.State, "a")!.Status);
        Assert.Equal(LedgerRefundResult.OriginalNotFound, ledger.Execute<LedgerRefundOutcome>(new RecordRefundCommand(Mid, "zz", "r9", 1, Noon)).Result);
    }

    [Fact]
    public void Refund_OfCancelledSale_IsRefused()
    {
        var ledger = Configured();
        ledger.Execute(Capture("a"));
        ledger.Execute(new CancelSaleCommand(Mid, "a", CancelKind.Void, Noon));
        Assert.Equal(LedgerRefundResult.OriginalClosed, ledger.Execute<LedgerRefundOutcome>(new RecordRefundCommand(Mid, "a", "r1", 100, Noon)).Result);
    }
}
