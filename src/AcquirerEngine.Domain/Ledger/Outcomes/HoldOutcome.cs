namespace AcquirerEngine.Domain.Ledger;

/// <param name="AmountMinor">Money held, released or returned to the cardholder.</param>
/// <param name="ValueDate">On release: the date from which the next run pays it.</param>
public sealed record HoldOutcome(HoldResult Result, long AmountMinor, DateOnly? ValueDate, IReadOnlyList<LedgerEvent> Events)
    : LedgerOutcome(Events);
