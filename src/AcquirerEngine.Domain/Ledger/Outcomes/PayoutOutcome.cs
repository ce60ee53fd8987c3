namespace AcquirerEngine.Domain.Ledger;

/// <param name="Status">The payout's status after the decision; null when not found.</param>
public sealed record PayoutOutcome(PayoutResult Result, PayoutStatus? Status, IReadOnlyList<LedgerEvent> Events)
    : LedgerOutcome(Events);
