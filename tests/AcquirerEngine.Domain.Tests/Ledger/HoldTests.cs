using AcquirerEngine.Domain.Ledger;
using static AcquirerEngine.Domain.Tests.Ledger.LedgerHarness;

namespace AcquirerEngine.Domain.Tests.Ledger;

public sealed class HoldTests
{
    [Fact]
    public void OperatorHold_TakesUnpaidMoney_ReleaseBeforeAnyRunKeepsTheValueDate()
    {
        var ledger = Configured();
        ledger.Execute(Capture("a", amountMinor: 10_000, feeMinor: 60));

        var hold = ledger.Execute<HoldOutcome>(new PlaceHoldCommand(Mid, "a", "chargeback risk", Noon));
        var again = ledger.Execute<HoldOutcome>(new PlaceHoldCommand(Mid, "a", "again", Noon));

        Assert.Equal(HoldResult.Placed, hold.Result);
        Assert.Equal(9_940, hold.AmountMinor);
        Assert.Equal(HoldResult.AlreadyHeld, again.Result);
        var listed = Assert.Single(LedgerQueries.ListHolds(ledger.State));
        Assert.Equal(HoldReason.Operator, listed.Reason);
        Assert.Equal("chargeback risk", listed.Text);

        var release = ledger.Execute<HoldOutcome>(new ReleaseHoldCommand(Mid, "a", Noon));
        Assert.Equal(Day.AddDays(1), release.ValueDate);
        Assert.Equal(HoldResult.NotHeld, ledger.Execute<HoldOutcome>(new ReleaseHoldCommand(Mid, "a", Noon)).Result);
        Assert.Equal(9_940, ledger.Execute<SettleOutcome>(Settle(Day.AddDays(1))).PayoutAmountMinor);
        Assert.Equal(HoldResult.NothingToHold, ledger.Execute<HoldOutcome>(new PlaceHoldCommand(Mid, "a", "late", Noon)).Result);
    }

    [Fact]
    public void RejectedHold_ReturnsMoneyAndFeeToTheCardholder()
    {
        var ledger = Configured();
        ledger.Execute(Capture("big", amountMinor: 6_000_000, feeMinor: 36_000));

        var reject = ledger.Execute<HoldOutcome>(new RejectHoldCommand(Mid, "big", "stolen card", Noon));

        Assert.Equal(HoldResult.Rejected, reject.Result);
        Assert.Equal(6_000_000, reject.AmountMinor);
        var balance = LedgerQueries.Balance(ledger.State);
        Assert.Equal(6_000_000, balance.RejectedToCardholderMinor);
        Assert.Equal(0, balance.HeldMinor);
        Assert.Equal(0, balance.FeesMinor);
        var view = LedgerQueries.Transaction(ledger.State, "big")!;
        Assert.Equal(LedgerTransactionStatus.RejectedToCardholder, view.Status);
        Assert.Equal("stolen card", view.Reason);
        Assert.Equal(HoldResult.TransactionClosed, ledger.Execute<HoldOutcome>(new ReleaseHoldCommand(Mid, "big", Noon)).Result);
        Assert.Equal(CancelResult.AlreadyReturnedToCardholder, ledger.Execute<CancelOutcome>(new CancelSaleCommand(Mid, "big", CancelKind.Void, Noon)).Result);
        Assert.Equal(LedgerRefundResult.OriginalClosed, ledger.Execute<LedgerRefundOutcome>(new RecordRefundCommand(Mid, "big", "r", 1, Noon)).Result);
    }

    [Fact]
    public void Hold_UnknownTransaction()
    {
        var ledger = Configured();
        Assert.Equal(HoldResult.TransactionNotFound, ledger.Execute<HoldOutcome>(new PlaceHoldCommand(Mid, "x", "r", Noon)).Result);
        Assert.Equal(HoldResult.TransactionNotFound, ledger.Execute<HoldOutcome>(new RejectHoldCommand(Mid, "x", "r", Noon)).Result);
    }
}
