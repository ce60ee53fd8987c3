namespace AcquirerEngine.Domain.Ledger;

public sealed record PayoutCredited(string MerchantId, string PayoutId, DateTime LocalTime)
    : LedgerEvent(MerchantId)
{
    public override string RecordId => LedgerRecordIds.PayoutCredited(PayoutId);
}
