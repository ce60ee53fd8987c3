namespace AcquirerEngine.Domain.Ledger;

public sealed record CancelOutcome(CancelResult Result, IReadOnlyList<LedgerEvent> Events)
    : LedgerOutcome(Events);
