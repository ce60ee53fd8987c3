namespace AcquirerEngine.Domain.Ledger;

public sealed record PayoutQueued(string MerchantId, string PayoutId, string Channel, string Reason, DateTime LocalTime)
    : LedgerEvent(MerchantId)
{
    public override string RecordId => LedgerRecordIds.PayoutQueued(PayoutId);
}
