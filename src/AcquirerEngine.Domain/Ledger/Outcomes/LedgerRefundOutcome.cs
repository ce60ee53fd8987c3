namespace AcquirerEngine.Domain.Ledger;

/// <param name="CarriedMinor">Part deducted from the next settlement (negative carry), 0 if none.</param>
/// <param name="RefundableMinor">What may still be refunded on the original after this decision.</param>
public sealed record LedgerRefundOutcome(LedgerRefundResult Result, long CarriedMinor, long RefundableMinor, IReadOnlyList<LedgerEvent> Events)
    : LedgerOutcome(Events);
