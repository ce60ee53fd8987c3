namespace AcquirerEngine.Domain.Ledger;

public sealed record AccountFrozen(string MerchantId, int FreezeNo, string Reason, DateTime LocalTime)
    : LedgerEvent(MerchantId)
{
    public override string RecordId => LedgerRecordIds.Freeze(MerchantId, FreezeNo);
}
