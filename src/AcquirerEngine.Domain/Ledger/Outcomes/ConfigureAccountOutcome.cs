namespace AcquirerEngine.Domain.Ledger;

public sealed record ConfigureAccountOutcome(ConfigureAccountResult Result, IReadOnlyList<LedgerEvent> Events)
    : LedgerOutcome(Events);
