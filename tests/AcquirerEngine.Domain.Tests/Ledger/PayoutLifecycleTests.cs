using AcquirerEngine.Domain.Ledger;
using static AcquirerEngine.Domain.Tests.Ledger.LedgerHarness;

namespace AcquirerEngine.Domain.Tests.Ledger;

public sealed class PayoutLifecycleTests
{
    private static (LedgerHarness Ledger, string PayoutId) Instructed()
    {
        var ledger = Configured();
        ledger.Execute(Capture("a", amountMinor: 10_000, feeMinor: 60));
        var run = ledger.Execute<SettleOutcome>(Settle(Day.AddDays(1)));
        return (ledger, run.PayoutId!);
    }

    [Fact]
    public void QueuedSentCredited_MovesTheMoneyThroughTheBuckets()
    {
        var (ledger, id) = Instructed();
        var t = Noon.AddDays(1);

        Assert.Equal(PayoutResult.Recorded, ledger.Execute<PayoutOutcome>(new RecordPayoutQueuedCommand(Mid, id, "HVPS", "HVPS closed until 20:30", t)).Result);
        Assert.Equal(PayoutResult.AlreadyRecorded, ledger.Execute<PayoutOutcome>(new RecordPayoutQueuedCommand(Mid, id, "HVPS", "HVPS closed until 20:30", t)).Result);
        var queued = LedgerQueries.Transaction(ledger.State, "a")!;
        Assert.Equal(LedgerTransactionStatus.InPayout, queued.Status);
        Assert.Equal(PayoutStatus.Queued, queued.PayoutStatus);
        Assert.Equal("HVPS closed until 20:30", queued.Reason);
        Assert.Equal(9_940, LedgerQueries.Balance(ledger.State).QueuedMinor);

        Assert.Equal(PayoutResult.Recorded, ledger.Execute<PayoutOutcome>(new RecordPayoutSentCommand(Mid, id, "HVPS", "tr-1", t)).Result);
        Assert.Equal(PayoutResult.AlreadyRecorded, ledger.Execute<PayoutOutcome>(new RecordPayoutSentCommand(Mid, id, "HVPS", "tr-1", t)).Result);
        Assert.Equal(PayoutResult.ConflictDifferentTrace, ledger.Execute<PayoutOutcome>(new RecordPayoutSentCommand(Mid, id, "HVPS", "tr-2", t)).Result);
        Assert.Equal(9_940, LedgerQueries.Balance(ledger.State).InTransitMinor);

        Assert.Equal(PayoutResult.Recorded, ledger.Execute<PayoutOutcome>(new RecordPayoutCreditedCommand(Mid, id, t)).Result);
        Assert.Equal(PayoutResult.AlreadyRecorded, ledger.Execute<PayoutOutcome>(new RecordPayoutCreditedCommand(Mid, id, t)).Result);
        Assert.Equal(9_940, LedgerQueries.Balance(ledger.State).PaidMinor);
        Assert.Equal(LedgerTransactionStatus.Paid, LedgerQueries.Transaction(ledger.State, "a")!.Status);
        Assert.Equal("tr-1", LedgerQueries.Payout(ledger.State, id)!.TraceId);
    }

    [Fact]
    public void InvalidTransitions_AreResults()
    {
        var (ledger, id) = Instructed();
        Assert.Equal(PayoutResult.InvalidTransition, ledger.Execute<PayoutOutcome>(new RecordPayoutCreditedCommand(Mid, id, Noon)).Result);
        Assert.Equal(PayoutResult.PayoutNotFound, ledger.Execute<PayoutOutcome>(new RecordPayoutSentCommand(Mid, "payout:nope", "IBPS", "t", Noon)).Result);
        ledger.Execute(new RecordPayoutReturnedCommand(Mid, id, "channel failed", Noon));
        Assert.Equal(PayoutResult.AlreadyRecorded, ledger.Execute<PayoutOutcome>(new RecordPayoutReturnedCommand(Mid, id, "channel failed", Noon)).Result);
        Assert.Equal(PayoutResult.InvalidTransition, ledger.Execute<PayoutOutcome>(new RecordPayoutSentCommand(Mid, id, "IBPS", "t", Noon)).Result);
        Assert.Equal(PayoutResult.InvalidTransition, ledger.Execute<PayoutOutcome>(new RecordPayoutQueuedCommand(Mid, id, "IBPS", "r", Noon)).Result);
    }

    [Fact]
    public void ReturnAfterCredit_RestoresTheBalance_WithTheReason()
    {
        var (ledger, id) = Instructed();
        ledger.Execute(new RecordPayoutSentCommand(Mid, id, "IBPS", "tr", Noon));
        ledger.Execute(new RecordPayoutCreditedCommand(Mid, id, Noon));

        ledger.Execute(new RecordPayoutReturnedCommand(Mid, id, "account closed", Noon.AddDays(2)));

        var balance = LedgerQueries.Balance(ledger.State);
        Assert.Equal(0, balance.PaidMinor);
        Assert.Equal(9_940, balance.ReturnedMinor);
        Assert.Equal("account closed", LedgerQueries.Transaction(ledger.State, "a")!.Reason);
    }

    [Fact]
    public void ReturnedPayoutThatDeductedACarry_BringsTheCarryBack()
    {
        var ledger = Configured();
        ledger.Execute(Capture("a", amountMinor: 10_000, feeMinor: 0));
        ledger.Execute(Settle(Day.AddDays(1)));
        ledger.Execute(new RecordRefundCommand(Mid, "a", "r1", 2_000, Noon.AddDays(1)));
        ledger.Execute(Capture("b", amountMinor: 5_000, feeMinor: 0, localTime: Noon.AddDays(1)));
        var run = ledger.Execute<SettleOutcome>(Settle(Day.AddDays(2)));
        Assert.Equal(3_000, run.PayoutAmountMinor);

        ledger.Execute(new RecordPayoutReturnedCommand(Mid, run.PayoutId!, "account frozen", Noon.AddDays(2)));

        var balance = LedgerQueries.Balance(ledger.State);
        Assert.Equal(5_000, balance.ReturnedMinor);
        Assert.Equal(-2_000, balance.RefundCarryMinor);
        Assert.Equal(3_000, balance.PayableMinor);
    }
}
