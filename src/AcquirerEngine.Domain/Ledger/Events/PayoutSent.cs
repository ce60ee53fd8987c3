namespace AcquirerEngine.Domain.Ledger;

public sealed record PayoutSent(string MerchantId, string PayoutId, string Channel, string TraceId, DateTime LocalTime)
    : LedgerEvent(MerchantId)
{
    public override string RecordId => LedgerRecordIds.PayoutSent(PayoutId);
}
