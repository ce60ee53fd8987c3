using AcquirerEngine.Domain.Terminals;

namespace AcquirerEngine.Grains.Terminals;

/// <summary>
/// The terminal grain's persisted state: the domain state (a projection of the journal) and the outbox of
/// money facts not yet acknowledged by the merchant (delivery bookkeeping, not domain state: it is written in
/// the same write as the events it carries, so a fact can never be journaled without being forwarded).
/// </summary>
public sealed class TerminalGrainState
{
    // Empty between sales for almost every terminal, so no list is kept then (a million active terminals).
    private List<TerminalForward>? _outbox;

    public TerminalState Terminal { get; set; } = new();

    /// <summary>Facts in the order they must reach the merchant. Written to JSON as a plain list (<c>[]</c> when empty).</summary>
    public IReadOnlyList<TerminalForward> Outbox
    {
        get => _outbox is null ? [] : _outbox;
        set => _outbox = value is null || value.Count == 0 ? null : [.. value];
    }

    public void AddToOutbox(TerminalForward forward)
    {
        ArgumentNullException.ThrowIfNull(forward);
        (_outbox ??= []).Add(forward);
    }

    /// <summary>Drops the first <paramref name="count"/> facts: the merchant took them.</summary>
    public void RemoveDelivered(int count)
    {
        if (count <= 0 || _outbox is null)
        {
            return;
        }

        _outbox.RemoveRange(0, Math.Min(count, _outbox.Count));
        if (_outbox.Count == 0)
        {
            _outbox = null;
        }
    }
}
