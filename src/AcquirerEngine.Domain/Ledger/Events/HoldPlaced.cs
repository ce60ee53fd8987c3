namespace AcquirerEngine.Domain.Ledger;

/// <summary>An operator held a transaction's unpaid money (<see cref="AmountMinor"/>) for review.</summary>
public sealed record HoldPlaced(
    string MerchantId,
    string TransactionId,
    int HoldNo,
    string Reason,
    long AmountMinor,
    DateTime LocalTime)
    : LedgerEvent(MerchantId)
{
    public override string RecordId => LedgerRecordIds.Hold(MerchantId, TransactionId, HoldNo);
}
