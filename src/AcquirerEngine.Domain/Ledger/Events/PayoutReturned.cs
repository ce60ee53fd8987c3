namespace AcquirerEngine.Domain.Ledger;

/// <summary>The payout came back: every allocation returns to its transaction (positive ones to "returned").</summary>
public sealed record PayoutReturned(string MerchantId, string PayoutId, string Reason, DateTime LocalTime)
    : LedgerEvent(MerchantId)
{
    public override string RecordId => LedgerRecordIds.PayoutReturned(PayoutId);
}
