namespace AcquirerEngine.Domain.Ledger;

/// <summary>R5: held money back to pending with value date <see cref="ValueDate"/>, the next settlement run.</summary>
public sealed record HoldReleased(
    string MerchantId,
    string TransactionId,
    int HoldNo,
    long AmountMinor,
    DateOnly ValueDate,
    DateTime LocalTime)
    : LedgerEvent(MerchantId)
{
    public override string RecordId => LedgerRecordIds.HoldRelease(MerchantId, TransactionId, HoldNo);
}
