namespace AcquirerEngine.Domain.Ledger;

/// <summary>
/// Review refused the held money: <see cref="AmountMinor"/> (held money plus the returned fee) goes back to
/// the cardholder. Never more than is left refundable: held money beyond that (possible when refunds were
/// already carried against it) is <see cref="KeptMinor"/>, which goes back to pending and settles the carry.
/// </summary>
public sealed record HoldRejected(
    string MerchantId,
    string TransactionId,
    int HoldNo,
    string Reason,
    long AmountMinor,
    long FeeReturnedMinor,
    long KeptMinor,
    DateTime LocalTime)
    : LedgerEvent(MerchantId)
{
    public override string RecordId => LedgerRecordIds.HoldReject(MerchantId, TransactionId, HoldNo);
}
