using System.Text.Json;
using AcquirerEngine.Domain.Ledger;
using static AcquirerEngine.Domain.Tests.Ledger.LedgerHarness;

namespace AcquirerEngine.Domain.Tests.Ledger;

/// <summary>
/// R2/R3: a value date computed while its calendar year was not loaded is provisional; the settlement run
/// revises it from the calendar loaded since, but only while none of the money has been instructed.
/// </summary>
public sealed class ValueDateRevisionTests
{
    private static readonly DateOnly NewYearsEve = new(2026, 12, 31);
    private static readonly DateOnly NewYearsDay = new(2027, 1, 1);
    private static readonly DateOnly FirstMonday = new(2027, 1, 4);
    private static readonly DateTime EveNoon = new(2026, 12, 31, 12, 0, 0, DateTimeKind.Unspecified);

    private static CaptureSaleCommand CaptureOnTheEve(string transactionId, bool provisional = true) =>
        Capture(transactionId, localTime: EveNoon) with { ValueDate = NewYearsDay, ValueDateProvisional = provisional };

    private static ReviseValueDatesCommand Revise(params RecomputedValueDate[] dates) =>
        new(Mid, dates, FirstMonday.AddDays(-3).ToDateTime(new TimeOnly(18, 0)));

    [Fact]
    public void ProvisionalPendingValueDate_IsRevised_AndPaidOnTheNewDateOnly()
    {
        var ledger = Configured();
        ledger.Execute(CaptureOnTheEve("tx"));
        var retained = LedgerQueries.Balance(ledger.State).RetainedMinor;

        var outcome = ledger.Execute<ReviseValueDatesOutcome>(Revise(new RecomputedValueDate("tx", FirstMonday, false)));

        Assert.Equal(ReviseValueDatesResult.Revised, outcome.Result);
        var revised = Assert.IsType<ValueDateRevised>(Assert.Single(outcome.Events));
        Assert.Equal((NewYearsDay, FirstMonday, false, 1), (revised.OldValueDate, revised.NewValueDate, revised.Provisional, revised.RevisionNo));
        Assert.Equal($"value-date:{Mid}:tx:1", revised.RecordId);
        var transaction = ledger.State.FindTransaction("tx")!;
        Assert.Equal((FirstMonday, false, NewYearsDay), (transaction.ValueDate, transaction.ValueDateProvisional, transaction.CapturedValueDate));
        Assert.Equal(retained, LedgerQueries.Balance(ledger.State).RetainedMinor);

        Assert.Equal(SettleResult.NothingDue, ledger.Execute<SettleOutcome>(Settle(NewYearsDay)).Result);
        Assert.Equal(SettleResult.PayoutInstructed, ledger.Execute<SettleOutcome>(Settle(FirstMonday)).Result);
    }

    [Fact]
    public void FirmValueDate_IsNeverRevised()
    {
        var ledger = Configured();
        ledger.Execute(CaptureOnTheEve("tx", provisional: false));

        var outcome = ledger.Execute<ReviseValueDatesOutcome>(Revise(new RecomputedValueDate("tx", FirstMonday, false)));

        Assert.Equal((ReviseValueDatesResult.NothingToRevise, 0), (outcome.Result, outcome.Events.Count));
        Assert.Equal(NewYearsDay, ledger.State.FindTransaction("tx")!.ValueDate);
    }

    [Fact]
    public void InstructedOrPaidMoney_KeepsItsValueDate()
    {
        var ledger = Configured();
        ledger.Execute(CaptureOnTheEve("tx"));
        ledger.Execute(Settle(NewYearsDay));
        var payoutId = ledger.State.Payouts.Keys.Single();

        var instructed = ledger.Execute<ReviseValueDatesOutcome>(Revise(new RecomputedValueDate("tx", FirstMonday, false)));
        ledger.Execute(new RecordPayoutSentCommand(Mid, payoutId, "BEPS", "trace-1", EveNoon.AddDays(1)));
        ledger.Execute(new RecordPayoutCreditedCommand(Mid, payoutId, EveNoon.AddDays(1)));
        var paid = ledger.Execute<ReviseValueDatesOutcome>(Revise(new RecomputedValueDate("tx", FirstMonday, false)));

        Assert.Equal(ReviseValueDatesResult.NothingToRevise, instructed.Result);
        Assert.Equal(ReviseValueDatesResult.NothingToRevise, paid.Result);
        Assert.Equal(NewYearsDay, ledger.State.FindTransaction("tx")!.ValueDate);
    }

    [Fact]
    public void CancelledSale_AndUnknownTransaction_AreIgnored()
    {
        var ledger = Configured();
        ledger.Execute(CaptureOnTheEve("tx"));
        ledger.Execute(new CancelSaleCommand(Mid, "tx", CancelKind.Void, EveNoon));

        var outcome = ledger.Execute<ReviseValueDatesOutcome>(Revise(
            new RecomputedValueDate("tx", FirstMonday, false), new RecomputedValueDate("nobody", FirstMonday, false)));

        Assert.Equal(ReviseValueDatesResult.NothingToRevise, outcome.Result);
    }

    [Fact]
    public void RepeatingTheRevision_AppendsNothing()
    {
        var ledger = Configured();
        ledger.Execute(CaptureOnTheEve("tx"));
        var dates = new RecomputedValueDate("tx", FirstMonday, false);

        var first = ledger.Execute<ReviseValueDatesOutcome>(Revise(dates));
        var second = ledger.Execute<ReviseValueDatesOutcome>(Revise(dates));

        Assert.Equal(ReviseValueDatesResult.Revised, first.Result);
        Assert.Equal((ReviseValueDatesResult.NothingToRevise, 0), (second.Result, second.Events.Count));
    }

    [Fact]
    public void StillProvisional_SameDate_AppendsNothing_ButBecomingFirm_IsJournalled()
    {
        var ledger = Configured();
        ledger.Execute(CaptureOnTheEve("tx"));

        var unchanged = ledger.Execute<ReviseValueDatesOutcome>(Revise(new RecomputedValueDate("tx", NewYearsDay, true)));
        var firm = ledger.Execute<ReviseValueDatesOutcome>(Revise(new RecomputedValueDate("tx", NewYearsDay, false)));
        var after = ledger.Execute<ReviseValueDatesOutcome>(Revise(new RecomputedValueDate("tx", FirstMonday, false)));

        Assert.Equal(ReviseValueDatesResult.NothingToRevise, unchanged.Result);
        var revised = Assert.IsType<ValueDateRevised>(Assert.Single(firm.Events));
        Assert.Equal((NewYearsDay, NewYearsDay, false), (revised.OldValueDate, revised.NewValueDate, revised.Provisional));
        Assert.Equal(ReviseValueDatesResult.NothingToRevise, after.Result);
        Assert.Equal(NewYearsDay, ledger.State.FindTransaction("tx")!.ValueDate);
    }

    [Fact]
    public void AStillProvisionalRevision_CanBeRevisedAgain_WithTheNextRecordId()
    {
        var ledger = Configured();
        ledger.Execute(CaptureOnTheEve("tx"));

        ledger.Execute(Revise(new RecomputedValueDate("tx", NewYearsDay.AddDays(1), true)));
        var second = ledger.Execute<ReviseValueDatesOutcome>(Revise(new RecomputedValueDate("tx", FirstMonday, false)));

        var revised = Assert.IsType<ValueDateRevised>(Assert.Single(second.Events));
        Assert.Equal((2, NewYearsDay.AddDays(1), FirstMonday), (revised.RevisionNo, revised.OldValueDate, revised.NewValueDate));
        Assert.Equal($"value-date:{Mid}:tx:2", revised.RecordId);
    }

    [Fact]
    public void HoldReleasedPastTheLastRun_SetsAFirmDate_ThatIsNotRevised()
    {
        var ledger = Configured();
        ledger.Execute(CaptureOnTheEve("tx"));
        ledger.Execute(new PlaceHoldCommand(Mid, "tx", "operator review", EveNoon));
        ledger.Execute(Settle(NewYearsDay));

        var release = ledger.Execute<HoldOutcome>(new ReleaseHoldCommand(Mid, "tx", EveNoon.AddDays(1)));
        var outcome = ledger.Execute<ReviseValueDatesOutcome>(Revise(new RecomputedValueDate("tx", FirstMonday, false)));

        Assert.Equal(NewYearsDay.AddDays(1), release.ValueDate);
        Assert.False(ledger.State.FindTransaction("tx")!.ValueDateProvisional);
        Assert.Equal(ReviseValueDatesResult.NothingToRevise, outcome.Result);
    }

    [Fact]
    public void CaptureRepeatedAfterTheCalendarLoad_WithAnotherValueDate_IsADuplicate()
    {
        var ledger = Configured();
        ledger.Execute(CaptureOnTheEve("tx"));

        var repeat = ledger.Execute<CaptureOutcome>(CaptureOnTheEve("tx", provisional: false) with { ValueDate = FirstMonday });
        var conflict = ledger.Execute<CaptureOutcome>(CaptureOnTheEve("tx") with { AmountMinor = 10_001 });

        Assert.Equal((CaptureResult.Duplicate, 0), (repeat.Result, repeat.Events.Count));
        Assert.Equal(CaptureResult.ConflictDifferentBody, conflict.Result);
    }

    [Fact]
    public void WithoutAnAccount_NothingIsRevised()
    {
        var ledger = new LedgerHarness();

        var outcome = ledger.Execute<ReviseValueDatesOutcome>(Revise(new RecomputedValueDate("tx", FirstMonday, false)));

        Assert.Equal((ReviseValueDatesResult.AccountNotConfigured, 0), (outcome.Result, outcome.Events.Count));
    }

    [Fact]
    public void ReplayAndJsonRoundTrip_OfRevisions_EqualTheLiveState()
    {
        var ledger = Configured();
        ledger.Execute(CaptureOnTheEve("a"));
        ledger.Execute(CaptureOnTheEve("b"));
        ledger.Execute(Revise(new RecomputedValueDate("a", NewYearsDay.AddDays(1), true), new RecomputedValueDate("b", FirstMonday, false)));
        ledger.Execute(Revise(new RecomputedValueDate("a", FirstMonday, false)));
        ledger.Execute(Settle(FirstMonday));

        var json = JsonSerializer.Serialize<IReadOnlyList<LedgerEvent>>(ledger.Journal);
        var events = JsonSerializer.Deserialize<List<LedgerEvent>>(json)!;

        Assert.Contains("\"$event\":\"ledger-value-date-revised\"", json, StringComparison.Ordinal);
        Assert.Equal(3, events.OfType<ValueDateRevised>().Count());
        Assert.Equal(Snapshot(ledger.State), Snapshot(MerchantLedgerState.Replay(ledger.Journal)));
        Assert.Equal(Snapshot(ledger.State), Snapshot(MerchantLedgerState.Replay(events)));
        Assert.Equal(2, ledger.State.Payouts.Values.Single().Allocations.Count);
    }

    [Fact]
    public void SaleCapturedWrittenBeforeTheFlag_ReadsAsFirm()
    {
        var ledger = Configured();
        ledger.Execute(CaptureOnTheEve("tx"));
        var json = JsonSerializer.Serialize<LedgerEvent>(ledger.Journal[^1]).Replace(",\"ValueDateProvisional\":true", "", StringComparison.Ordinal);

        var captured = Assert.IsType<SaleCaptured>(JsonSerializer.Deserialize<LedgerEvent>(json));

        Assert.DoesNotContain("ValueDateProvisional", json, StringComparison.Ordinal);
        Assert.False(captured.ValueDateProvisional);
    }
}
