namespace AcquirerEngine.Domain.Ledger;

/// <summary>
/// What a decision produced: a result (in the derived type) and the events to append. No events means
/// nothing changed: the caller must not write, and replies from the outcome.
/// </summary>
public abstract record LedgerOutcome(IReadOnlyList<LedgerEvent> Events)
{
    public bool ChangesState => Events.Count > 0;
}
