using System.Text.Json;
using AcquirerEngine.Domain.Ledger;
using static AcquirerEngine.Domain.Tests.Ledger.LedgerHarness;

namespace AcquirerEngine.Domain.Tests.Ledger;

public sealed class LedgerReplayTests
{
    private static LedgerHarness BusyLedger()
    {
        var ledger = Configured(AccountType.ClassII, AccountDestination.SameBank, "T1", policy: new LedgerPolicy { ClassIIDailyInboundLimitMinor = 30_000 });
        ledger.Execute(Capture("a", amountMinor: 20_000, feeMinor: 120));
        ledger.Execute(Capture("b", amountMinor: 25_000, feeMinor: 150));
        ledger.Execute(Capture("big", amountMinor: 6_000_000, feeMinor: 0, cardToken: "tok_big"));
        ledger.Execute(Capture("c", amountMinor: 3_000, feeMinor: 18));
        ledger.Execute(new CancelSaleCommand(Mid, "c", CancelKind.Void, Noon));
        ledger.Execute(Settle(Day.AddDays(1)));
        var payoutId = ledger.State.Payouts.Keys.Single();
        ledger.Execute(new RecordPayoutQueuedCommand(Mid, payoutId, "SAME-BANK", "core down", Noon.AddDays(1)));
        ledger.Execute(new RecordPayoutSentCommand(Mid, payoutId, "SAME-BANK", "t1", Noon.AddDays(1)));
        ledger.Execute(new RecordPayoutReturnedCommand(Mid, payoutId, "account frozen", Noon.AddDays(1)));
        ledger.Execute(new RecordRefundCommand(Mid, "a", "r1", 5_000, Noon.AddDays(1)));
        ledger.Execute(new FreezeAccountCommand(Mid, "bank notice", Noon.AddDays(1)));
        ledger.Execute(new UnfreezeAccountCommand(Mid, Noon.AddDays(2)));
        ledger.Execute(new ReleaseHoldCommand(Mid, "big", Noon.AddDays(2)));
        ledger.Execute(Settle(Day.AddDays(2)));
        return ledger;
    }

    [Fact]
    public void ReplayingTheJournal_RebuildsTheLiveState()
    {
        var ledger = BusyLedger();
        var rebuilt = MerchantLedgerState.Replay(ledger.Journal);
        Assert.Equal(Snapshot(ledger.State), Snapshot(rebuilt));
    }

    [Fact]
    public void State_RoundTripsThroughSystemTextJson_AndKeepsDeciding()
    {
        var ledger = BusyLedger();
        var json = Snapshot(ledger.State);

        var restored = JsonSerializer.Deserialize<MerchantLedgerState>(json)!;

        Assert.Equal(json, Snapshot(restored));
        Assert.Equal(CaptureResult.Duplicate, MerchantLedgerDecider.Decide(restored, Capture("a", amountMinor: 20_000, feeMinor: 120), LedgerPolicy.Default).Result);
        Assert.Equal(SettleResult.AlreadySettled, MerchantLedgerDecider.Decide(restored, Settle(Day.AddDays(2)), LedgerPolicy.Default).Result);
        LedgerConservation.Require(restored);
    }

    [Fact]
    public void Events_RoundTripPolymorphically_WithStableDiscriminators()
    {
        var ledger = BusyLedger();
        var json = JsonSerializer.Serialize<IReadOnlyList<LedgerEvent>>(ledger.Journal);

        var restored = JsonSerializer.Deserialize<List<LedgerEvent>>(json)!;

        Assert.Equal(json, JsonSerializer.Serialize<IReadOnlyList<LedgerEvent>>(restored));
        Assert.Equal(ledger.Journal.Select(e => e.RecordId), restored.Select(e => e.RecordId));
        Assert.Contains("\"$event\":\"ledger-sale-captured\"", json, StringComparison.Ordinal);
        Assert.Contains("\"$event\":\"ledger-settlement-run-completed\"", json, StringComparison.Ordinal);
        Assert.Contains("\"$event\":\"ledger-payout-returned\"", json, StringComparison.Ordinal);
        Assert.Equal(Snapshot(ledger.State), Snapshot(MerchantLedgerState.Replay(restored)));
    }

    [Fact]
    public void ApplyingAnEventTwice_IsABug()
    {
        var ledger = BusyLedger();
        var capture = ledger.Journal.OfType<SaleCaptured>().First();
        Assert.Throws<InvariantViolationException>(() => ledger.State.Apply(capture));
    }

    [Fact]
    public void CommandForAnotherMerchant_IsARoutingBug()
    {
        var ledger = Configured();
        Assert.Throws<InvariantViolationException>(() => MerchantLedgerDecider.Decide(
            ledger.State, new SettleCommand("other", Day, Noon), LedgerPolicy.Default));
    }
}
