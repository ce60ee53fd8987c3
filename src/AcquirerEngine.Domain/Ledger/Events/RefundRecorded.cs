namespace AcquirerEngine.Domain.Ledger;

/// <summary>
/// A refund to the cardholder, taken from the sale's unpaid money first; <see cref="CarriedMinor"/> is the
/// part that exceeded it (already paid out) and is deducted from the next settlement.
/// </summary>
public sealed record RefundRecorded(
    string MerchantId,
    string OriginalTransactionId,
    string RefundId,
    long AmountMinor,
    long CarriedMinor,
    DateTime LocalTime)
    : LedgerEvent(MerchantId)
{
    public override string RecordId => LedgerRecordIds.Refund(MerchantId, RefundId);
}
