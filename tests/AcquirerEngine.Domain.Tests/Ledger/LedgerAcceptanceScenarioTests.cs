using AcquirerEngine.Domain.Ledger;
using AcquirerEngine.Domain.Risk;
using static AcquirerEngine.Domain.Tests.Ledger.LedgerHarness;

namespace AcquirerEngine.Domain.Tests.Ledger;

/// <summary>The acceptance scenarios of SETTLEMENT-RULES.md that live at ledger and risk level.</summary>
public sealed class LedgerAcceptanceScenarioTests
{
    [Fact]
    public void Scenario7_NewMerchantFirstSale100000Cny_HeldForReview_ReleasedByOperator_PaidInNextCycle()
    {
        var ledger = Configured();
        var saleDay = new DateOnly(2026, 9, 29);

        var capture = ledger.Execute<CaptureOutcome>(Capture("sale-1", amountMinor: 10_000_000, feeMinor: 60_000, clearingDate: saleDay, valueDate: saleDay.AddDays(1)));

        Assert.Equal(CaptureResult.CapturedAndHeld, capture.Result);
        Assert.Contains(RiskReason.NewMerchantLargeFirstSale, capture.Risk!.Reasons);
        Assert.Contains(capture.Risk.Alerts, a => a.Kind == RiskAlertKind.NewMerchantLargeFirstSale && a.TransactionId == "sale-1");
        var held = LedgerQueries.Transaction(ledger.State, "sale-1")!;
        Assert.Equal(LedgerTransactionStatus.HeldForReview, held.Status);
        Assert.Contains("first sale of a new merchant", held.Reason, StringComparison.Ordinal);
        Assert.Equal(9_940_000, held.HeldMinor);
        Assert.Single(LedgerQueries.ListHolds(ledger.State));

        // The value date passes while held: nothing is paid (R5: held funds leave the payable balance).
        var run1 = ledger.Execute<SettleOutcome>(Settle(saleDay.AddDays(1)));
        Assert.Equal(SettleResult.NothingDue, run1.Result);
        Assert.Equal(0, LedgerQueries.Balance(ledger.State).PayableMinor);

        // Released after that run: joins the NEXT cycle, not the past one.
        var release = ledger.Execute<HoldOutcome>(new ReleaseHoldCommand(Mid, "sale-1", saleDay.AddDays(1).ToDateTime(new TimeOnly(20, 0))));
        Assert.Equal(HoldResult.Released, release.Result);
        Assert.Equal(saleDay.AddDays(2), release.ValueDate);
        Assert.Empty(LedgerQueries.ListHolds(ledger.State));

        var run2 = ledger.Execute<SettleOutcome>(Settle(saleDay.AddDays(2)));
        Assert.Equal(SettleResult.PayoutInstructed, run2.Result);
        Assert.Equal("payout:898310048161234:2026-10-01:1", run2.PayoutId);
        Assert.Equal(9_940_000, run2.PayoutAmountMinor);

        ledger.Execute(new RecordPayoutSentCommand(Mid, run2.PayoutId!, "HVPS", "trace-1", saleDay.AddDays(2).ToDateTime(new TimeOnly(18, 5))));
        ledger.Execute(new RecordPayoutCreditedCommand(Mid, run2.PayoutId!, saleDay.AddDays(2).ToDateTime(new TimeOnly(18, 6))));
        var paid = LedgerQueries.Transaction(ledger.State, "sale-1")!;
        Assert.Equal(LedgerTransactionStatus.Paid, paid.Status);
        Assert.Equal(run2.PayoutId, paid.PayoutId);
        Assert.Equal(9_940_000, LedgerQueries.Balance(ledger.State).PaidMinor);
    }

    [Fact]
    public void Scenario8_SameCardThreeTimesInTenMinutesAt0300_HoldAndAbnormalFlowAlert()
    {
        var ledger = Configured();
        var night = new DateTime(2026, 9, 29, 3, 0, 0, DateTimeKind.Unspecified);

        var first = ledger.Execute<CaptureOutcome>(Capture("s1", amountMinor: 20_000, localTime: night, cardToken: "tok_x"));
        var second = ledger.Execute<CaptureOutcome>(Capture("s2", amountMinor: 20_000, localTime: night.AddMinutes(4), cardToken: "tok_x"));
        var third = ledger.Execute<CaptureOutcome>(Capture("s3", amountMinor: 20_000, localTime: night.AddMinutes(8), cardToken: "tok_x"));

        Assert.Equal(CaptureResult.Captured, first.Result);
        Assert.Equal(CaptureResult.Captured, second.Result);
        Assert.Equal(CaptureResult.CapturedAndHeld, third.Result);
        var alert = Assert.Single(third.Risk!.Alerts, a => a.Kind == RiskAlertKind.AbnormalFlow);
        Assert.Equal(Mid, alert.MerchantId);
        Assert.Equal("s3", alert.TransactionId);
        Assert.Equal(night.AddMinutes(8), alert.LocalTime);
        // The alert is journalled with the sale, so it survives a restart and is never raised twice.
        var captured = ledger.Journal.OfType<SaleCaptured>().Single(e => e.TransactionId == "s3");
        Assert.Contains(captured.Alerts, a => a.Kind == RiskAlertKind.AbnormalFlow);
        Assert.Equal(LedgerTransactionStatus.HeldForReview, LedgerQueries.Transaction(ledger.State, "s3")!.Status);

        // A fourth use 11 minutes after the first still sees two uses within its window: held too.
        var fourth = ledger.Execute<CaptureOutcome>(Capture("s4", amountMinor: 20_000, localTime: night.AddMinutes(11), cardToken: "tok_x"));
        Assert.Equal(CaptureResult.CapturedAndHeld, fourth.Result);
        // Another card is not affected.
        var other = ledger.Execute<CaptureOutcome>(Capture("s5", amountMinor: 20_000, localTime: night.AddMinutes(12), cardToken: "tok_y"));
        Assert.Equal(CaptureResult.Captured, other.Result);
    }

    [Fact]
    public void Scenario9_FrozenAccount_PayoutReturned_BalanceRestored_ReasonVisible()
    {
        var ledger = Configured();
        ledger.Execute(Capture("sale-1", amountMinor: 100_000, feeMinor: 600));
        var run = ledger.Execute<SettleOutcome>(Settle(Day.AddDays(1)));
        var payoutId = run.PayoutId!;
        ledger.Execute(new RecordPayoutSentCommand(Mid, payoutId, "BEPS", "beps-1", Noon.AddDays(1)));
        Assert.Equal(99_400, LedgerQueries.Balance(ledger.State).InTransitMinor);

        // The beneficiary bank refuses: the account is frozen. The operator freezes it on our side too.
        var returned = ledger.Execute<PayoutOutcome>(new RecordPayoutReturnedCommand(Mid, payoutId, "account frozen", Noon.AddDays(2)));
        ledger.Execute(new FreezeAccountCommand(Mid, "court order 2026-17", Noon.AddDays(2)));

        Assert.Equal(PayoutResult.Recorded, returned.Result);
        var balance = LedgerQueries.Balance(ledger.State);
        Assert.Equal(99_400, balance.ReturnedMinor);
        Assert.Equal(99_400, balance.PayableMinor);
        Assert.Equal(0, balance.InTransitMinor);
        var view = LedgerQueries.Transaction(ledger.State, "sale-1")!;
        Assert.Equal(LedgerTransactionStatus.Returned, view.Status);
        Assert.Contains("account frozen", view.Reason, StringComparison.Ordinal);
        Assert.Equal(PayoutStatus.Returned, LedgerQueries.Payout(ledger.State, payoutId)!.Status);
        Assert.Equal("account frozen", LedgerQueries.Payout(ledger.State, payoutId)!.ReturnReason);

        // While frozen: no payout, funds stay, and the run is not spent.
        var frozenRun = ledger.Execute<SettleOutcome>(Settle(Day.AddDays(3)));
        Assert.Equal(SettleResult.AccountFrozen, frozenRun.Result);
        Assert.Equal(99_400, frozenRun.WithheldMinor);
        Assert.Empty(frozenRun.Events);

        ledger.Execute(new UnfreezeAccountCommand(Mid, Noon.AddDays(3)));
        var again = ledger.Execute<SettleOutcome>(Settle(Day.AddDays(3)));
        Assert.Equal(SettleResult.PayoutInstructed, again.Result);
        Assert.Equal(99_400, again.PayoutAmountMinor);
        Assert.NotEqual(payoutId, again.PayoutId);
        Assert.Equal(FundsSource.Returned, Assert.Single(LedgerQueries.Payout(ledger.State, again.PayoutId!)!.Allocations).Source);
        Assert.Equal(0, LedgerQueries.Balance(ledger.State).ReturnedMinor);
    }

    [Fact]
    public void Scenario11_DuplicateCapture_SameResponse_OneDebit()
    {
        var ledger = Configured();
        var first = ledger.Execute<CaptureOutcome>(Capture("sale:m:t:000001:000007:20260929"));
        var repeat = ledger.Execute<CaptureOutcome>(Capture("sale:m:t:000001:000007:20260929"));
        var conflict = ledger.Execute<CaptureOutcome>(Capture("sale:m:t:000001:000007:20260929", amountMinor: 10_001));

        Assert.Equal(CaptureResult.Captured, first.Result);
        Assert.Equal(CaptureResult.Duplicate, repeat.Result);
        Assert.Empty(repeat.Events);
        Assert.Equal(CaptureResult.ConflictDifferentBody, conflict.Result);
        Assert.Empty(conflict.Events);
        Assert.Single(ledger.Journal.OfType<SaleCaptured>());
        Assert.Equal(10_000, LedgerQueries.Balance(ledger.State).CapturedMinor);
    }
}
