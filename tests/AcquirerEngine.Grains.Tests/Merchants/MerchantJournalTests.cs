using AcquirerEngine.Domain.Explanations;
using AcquirerEngine.Domain.Ledger;
using AcquirerEngine.Domain.Terminals;
using AcquirerEngine.Grains.Alerts;
using AcquirerEngine.Grains.Merchants;

namespace AcquirerEngine.Grains.Tests.Merchants;

public sealed class MerchantJournalTests
{
    [Fact]
    public void A_capture_is_left_to_the_merchant_and_every_other_record_to_the_store()
    {
        var at = new DateTime(2026, 11, 20, 10, 0, 0);
        var day = new DateOnly(2026, 11, 20);
        var captured = new SaleCaptured("M1", "sale:M1:T1:000001:000007:2026-11-20", 500, 3, CardType.Credit, "tok", at, day, day.AddDays(1), false, [], null, []);
        var hold = new HoldPlaced("M1", "sale:M1:T1:000001:000007:2026-11-20", 1, "review", 497, at);

        Assert.True(MerchantJournal.ToRecord(captured).DedupedByGrain);
        Assert.Equal(LedgerRecordIds.Capture("M1", captured.TransactionId), MerchantJournal.ToRecord(captured).RecordId);
        Assert.False(MerchantJournal.ToRecord(hold).DedupedByGrain);
        Assert.False(MerchantJournal.PayoutTracked("merchant-payout-routed:P1", new PayoutTracking(), null).DedupedByGrain);

        // A capture's risk alert rides in the capture's write: its id names the transaction, deduped as the capture is.
        var alert = MerchantJournal.AlertPending(new AlertRecord("risk", "M1", "merchant M1", "far above", at, $"risk:M1:{captured.TransactionId}:2"));
        Assert.True(alert.DedupedByGrain);
        Assert.Equal($"merchant-alert-pending:risk:M1:{captured.TransactionId}:2", alert.RecordId);
        Assert.False(MerchantJournal.IsLedgerRecord(alert.Kind));
        Assert.True(MerchantJournal.IsLedgerRecord(MerchantJournal.ToRecord(hold).Kind));
    }
}
