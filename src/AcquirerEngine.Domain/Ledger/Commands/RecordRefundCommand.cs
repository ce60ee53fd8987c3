namespace AcquirerEngine.Domain.Ledger;

/// <summary>A (partial) refund of a captured sale; <paramref name="RefundId"/> is its idempotency key.</summary>
public sealed record RecordRefundCommand(
    string MerchantId,
    string OriginalTransactionId,
    string RefundId,
    long AmountMinor,
    DateTime LocalTime)
    : LedgerCommand(MerchantId);
