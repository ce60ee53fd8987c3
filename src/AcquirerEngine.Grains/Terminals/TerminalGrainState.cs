using AcquirerEngine.Domain.Terminals;

namespace AcquirerEngine.Grains.Terminals;

/// <summary>
/// The terminal grain's persisted state: the domain state (a projection of the journal) and the outbox of
/// money facts not yet acknowledged by the merchant (delivery bookkeeping, not domain state: it is written in
/// the same write as the events it carries, so a fact can never be journaled without being forwarded).
/// </summary>
public sealed class TerminalGrainState
{
    public TerminalState Terminal { get; set; } = new();

    public List<TerminalForward> Outbox { get; set; } = [];
}
