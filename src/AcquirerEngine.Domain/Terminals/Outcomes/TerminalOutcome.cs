namespace AcquirerEngine.Domain.Terminals;

/// <summary>
/// What a decision produced: a result enum (in the derived type) and the events to append. An empty
/// <see cref="Events"/> means nothing changed: the caller must not write, and replies from the outcome.
/// </summary>
public abstract record TerminalOutcome(IReadOnlyList<TerminalEvent> Events)
{
    public bool ChangesState => Events.Count > 0;
}
