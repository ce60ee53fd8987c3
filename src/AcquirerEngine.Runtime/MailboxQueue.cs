using System.Diagnostics.CodeAnalysis;

namespace AcquirerEngine.Runtime;

/// <summary>
/// An activation's first-in first-out list of waiting turns, held inline in the activation. Most of a million
/// activations have at most one turn waiting at a time, so the first item sits in a field and a
/// <see cref="Queue{T}"/> is allocated only for an activation that once had two or more waiting (then kept:
/// a busy grain stays busy). Not thread-safe: the owning activation guards it with its lock.
/// A mutable struct: keep it in a (non-readonly) field and call it there, never copy it.
/// </summary>
internal struct MailboxQueue
{
    // Invariant: _first is null only when _rest is empty, so the order is always _first, then _rest.
    private WorkItem? _first;
    private Queue<WorkItem>? _rest;

    public readonly int Count => (_first is null ? 0 : 1) + (_rest?.Count ?? 0);

    public void Enqueue(WorkItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (_first is null)
        {
            _first = item;
            return;
        }

        (_rest ??= new Queue<WorkItem>()).Enqueue(item);
    }

    public bool TryDequeue([NotNullWhen(true)] out WorkItem? item)
    {
        item = _first;
        if (item is null)
        {
            return false;
        }

        _first = _rest is { Count: > 0 } rest ? rest.Dequeue() : null;
        return true;
    }

    /// <summary>Empties the mailbox and returns what it held, oldest first.</summary>
    public List<WorkItem> TakeAll()
    {
        var all = new List<WorkItem>(Count);
        while (TryDequeue(out var item))
        {
            all.Add(item);
        }

        return all;
    }
}
