using AcquirerEngine.Domain.Ledger;
using static AcquirerEngine.Domain.Tests.Ledger.LedgerHarness;

namespace AcquirerEngine.Domain.Tests.Ledger;

/// <summary>R4 split within caps: a returned part restores just its amount; R11 holds throughout.</summary>
public sealed class SplitPayoutTests
{
    [Fact]
    public void R4_SplitPayout_AReturnedPartRestoresJustItsAmount_TheRestIsPaid_AndTheNextRunPaysItAgain()
    {
        var ledger = Configured();
        ledger.Execute(Capture("a", amountMinor: 5_000_000, feeMinor: 0));
        ledger.Execute(Capture("b", amountMinor: 3_000_000, feeMinor: 0));
        var run = ledger.Execute<SettleOutcome>(Settle(Day.AddDays(1)));
        var id = run.PayoutId!;
        ledger.Execute(new RecordPayoutSentCommand(Mid, id, "Ibps", "trace-1", Noon.AddDays(1)));

        var returned = ledger.Execute<PayoutOutcome>(new RecordPayoutPartReturnedCommand(Mid, id, id + "/2", 3_000_000, "account frozen", Noon.AddDays(1)));
        var again = ledger.Execute<PayoutOutcome>(new RecordPayoutPartReturnedCommand(Mid, id, id + "/2", 3_000_000, "account frozen", Noon.AddDays(1)));
        var tooMuch = ledger.Execute<PayoutOutcome>(new RecordPayoutPartReturnedCommand(Mid, id, id + "/1", 5_000_001, "account frozen", Noon.AddDays(1)));
        var afterReturn = LedgerQueries.Balance(ledger.State);
        Assert.Null(LedgerConservation.FindViolation(ledger.State));
        ledger.Execute(new RecordPayoutCreditedCommand(Mid, id, Noon.AddDays(1)));
        var afterCredit = LedgerQueries.Balance(ledger.State);
        var next = ledger.Execute<SettleOutcome>(Settle(Day.AddDays(2)));

        Assert.Equal((PayoutResult.Recorded, PayoutResult.AlreadyRecorded, PayoutResult.InvalidTransition), (returned.Result, again.Result, tooMuch.Result));
        Assert.Equal((3_000_000L, 5_000_000L), (afterReturn.ReturnedMinor, afterReturn.InTransitMinor));
        Assert.Equal((3_000_000L, 5_000_000L, 0L), (afterCredit.ReturnedMinor, afterCredit.PaidMinor, afterCredit.InTransitMinor));
        Assert.True(afterCredit.IsConserved, afterCredit.ToString());
        Assert.Equal(3_000_000, next.PayoutAmountMinor);
        Assert.Null(LedgerConservation.FindViolation(ledger.State));
        Assert.Equal(0, LedgerQueries.Balance(ledger.State).ReturnedMinor);
    }

    [Fact]
    public void R4_SplitPayout_EveryPartReturned_ThenTheWholeReturnRestoresNothingTwice()
    {
        var ledger = Configured();
        ledger.Execute(Capture("a", amountMinor: 5_000_000, feeMinor: 0));
        ledger.Execute(Capture("b", amountMinor: 3_000_000, feeMinor: 0));
        var id = ledger.Execute<SettleOutcome>(Settle(Day.AddDays(1))).PayoutId!;

        ledger.Execute(new RecordPayoutPartReturnedCommand(Mid, id, id + "/1", 5_000_000, "account closed", Noon.AddDays(1)));
        ledger.Execute(new RecordPayoutPartReturnedCommand(Mid, id, id + "/2", 3_000_000, "account closed", Noon.AddDays(1)));
        ledger.Execute(new RecordPayoutReturnedCommand(Mid, id, "account closed", Noon.AddDays(1)));

        var balance = LedgerQueries.Balance(ledger.State);
        Assert.Equal((8_000_000L, 0L, 0L), (balance.ReturnedMinor, balance.QueuedMinor, balance.InTransitMinor));
        Assert.Null(LedgerConservation.FindViolation(ledger.State));
        var replayed = MerchantLedgerState.Replay(ledger.Journal);
        Assert.Equal(Snapshot(ledger.State), Snapshot(replayed));
    }
}
