namespace AcquirerEngine.Domain.Ledger;

public sealed record AccountUnfrozen(string MerchantId, int FreezeNo, DateTime LocalTime)
    : LedgerEvent(MerchantId)
{
    public override string RecordId => LedgerRecordIds.Unfreeze(MerchantId, FreezeNo);
}
