namespace AcquirerEngine.Domain.Ledger;

/// <param name="WithheldMinor">For AccountFrozen: what would have been due.</param>
public sealed record SettleOutcome(
    SettleResult Result,
    string? PayoutId,
    long PayoutAmountMinor,
    long WithheldMinor,
    IReadOnlyList<FundsDeferral> Deferrals,
    IReadOnlyList<LedgerEvent> Events)
    : LedgerOutcome(Events);
