namespace AcquirerEngine.Domain.Ledger;

/// <summary>
/// One part of a split payout came back (R4 split within caps): just that part's amount returns to the payout's
/// transactions (to "returned", taken from the positive allocations in order); the other parts are unaffected.
/// </summary>
public sealed record PayoutPartReturned(string MerchantId, string PayoutId, string PartId, long AmountMinor, string Reason, DateTime LocalTime)
    : LedgerEvent(MerchantId)
{
    public override string RecordId => LedgerRecordIds.PayoutPartReturned(PartId);
}
