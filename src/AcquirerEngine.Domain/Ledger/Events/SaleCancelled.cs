namespace AcquirerEngine.Domain.Ledger;

/// <summary>A captured, never-paid sale was voided or reversed: the whole amount leaves, the fee is returned.</summary>
public sealed record SaleCancelled(
    string MerchantId,
    string TransactionId,
    CancelKind Kind,
    long AmountMinor,
    long FeeReturnedMinor,
    DateTime LocalTime)
    : LedgerEvent(MerchantId)
{
    public override string RecordId => LedgerRecordIds.Cancel(MerchantId, TransactionId);
}
