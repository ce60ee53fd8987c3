namespace AcquirerEngine.Domain.Ledger;

public sealed record ReviseValueDatesOutcome(ReviseValueDatesResult Result, IReadOnlyList<LedgerEvent> Events)
    : LedgerOutcome(Events);
