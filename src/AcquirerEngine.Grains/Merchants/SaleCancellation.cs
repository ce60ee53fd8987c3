using AcquirerEngine.Domain.Ledger;

namespace AcquirerEngine.Grains.Merchants;

/// <summary>
/// A void or reversal of a sale as the terminal recorded it. <paramref name="TransactionId"/> is the original
/// sale's record id; <paramref name="RecordId"/> the void/reversal's own (used as a refund id when the sale
/// was already paid out and the money must be clawed back from the next payout).
/// </summary>
public sealed record SaleCancellation(
    string MerchantId,
    string TransactionId,
    string RecordId,
    CancelKind Kind,
    long AmountMinor,
    DateTime LocalTime);
