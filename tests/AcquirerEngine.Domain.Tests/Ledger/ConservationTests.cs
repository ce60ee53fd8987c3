using AcquirerEngine.Domain.Ledger;
using static AcquirerEngine.Domain.Tests.Ledger.LedgerHarness;

namespace AcquirerEngine.Domain.Tests.Ledger;

public sealed class ConservationTests
{
    [Fact]
    public void CarriedRefund_IsAttributedToItsOwnClearingDate_InsideTheNettedPayout()
    {
        var ledger = Configured();
        ledger.Execute(Capture("d1", amountMinor: 10_000, feeMinor: 60));
        var run1 = ledger.Execute<SettleOutcome>(Settle(Day.AddDays(1)));
        ledger.Execute(new RecordPayoutSentCommand(Mid, run1.PayoutId!, "IBPS", "t1", Noon.AddDays(1)));
        ledger.Execute(new RecordPayoutCreditedCommand(Mid, run1.PayoutId!, Noon.AddDays(1)));
        ledger.Execute(new RecordRefundCommand(Mid, "d1", "r1", 4_000, Noon.AddDays(1)));
        ledger.Execute(Capture("d2", amountMinor: 20_000, feeMinor: 120, localTime: Noon.AddDays(1)));
        var run2 = ledger.Execute<SettleOutcome>(Settle(Day.AddDays(2)));
        ledger.Execute(new RecordPayoutSentCommand(Mid, run2.PayoutId!, "IBPS", "t2", Noon.AddDays(2)));
        ledger.Execute(new RecordPayoutCreditedCommand(Mid, run2.PayoutId!, Noon.AddDays(2)));

        var rows = LedgerConservation.ByClearingDate(ledger.State);

        Assert.Equal([Day, Day.AddDays(1)], rows.Select(r => r.ClearingDate));
        var first = rows[0].Balance;
        Assert.Equal(10_000 - 4_000, first.RetainedMinor);
        Assert.Equal(60, first.FeesMinor);
        Assert.Equal(9_940 - 4_000, first.PaidMinor);
        var second = rows[1].Balance;
        Assert.Equal(19_880, second.PaidMinor);
        Assert.All(rows, r => Assert.True(r.Balance.IsConserved));
        Assert.Null(LedgerConservation.FindViolation(ledger.State));
        Assert.Equal(15_880, run2.PayoutAmountMinor);
    }

    [Fact]
    public void BrokenState_IsReportedAsAViolation()
    {
        var ledger = Configured();
        ledger.Execute(Capture("a"));
        ledger.State.Transactions["a"].PendingMinor += 1;

        Assert.NotNull(LedgerConservation.FindViolation(ledger.State));
        Assert.Throws<InvariantViolationException>(() => LedgerConservation.Require(ledger.State));
    }

    /// <summary>
    /// Found by the property test: a refund carried against a paid sale, then the payout returns and the
    /// returned money is held and rejected. The cardholder already has the refund, so nothing more goes
    /// back; the held money settles the carry instead.
    /// </summary>
    [Fact]
    public void RejectingHeldMoney_NeverRefundsTheCardholderTwice()
    {
        var ledger = Configured();
        ledger.Execute(Capture("a", amountMinor: 10_000, feeMinor: 0));
        var run = ledger.Execute<SettleOutcome>(Settle(Day.AddDays(1)));
        ledger.Execute(new RecordRefundCommand(Mid, "a", "r1", 10_000, Noon.AddDays(1)));
        ledger.Execute(new RecordPayoutReturnedCommand(Mid, run.PayoutId!, "account closed", Noon.AddDays(1)));
        ledger.Execute(new PlaceHoldCommand(Mid, "a", "review", Noon.AddDays(1)));

        var reject = ledger.Execute<HoldOutcome>(new RejectHoldCommand(Mid, "a", "fraud", Noon.AddDays(1)));

        Assert.Equal(HoldResult.Rejected, reject.Result);
        Assert.Equal(0, reject.AmountMinor);
        var balance = LedgerQueries.Balance(ledger.State);
        Assert.Equal(10_000, balance.RefundedMinor);
        Assert.Equal(0, balance.RejectedToCardholderMinor);
        Assert.Equal(0, balance.PayableMinor);
        Assert.Equal(0, balance.RetainedMinor);
    }
}
