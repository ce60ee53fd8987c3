namespace AcquirerEngine.Domain.Ledger;

public sealed record FreezeOutcome(FreezeResult Result, IReadOnlyList<LedgerEvent> Events)
    : LedgerOutcome(Events);
