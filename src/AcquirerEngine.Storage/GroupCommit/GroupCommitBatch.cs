namespace AcquirerEngine.Storage.GroupCommit;

/// <summary>
/// What one writer-loop turn commits together: the grain writes and the reminder upserts taken from the queue, each
/// list in queue (call) order. Reused from batch to batch by the loop.
/// </summary>
internal sealed class GroupCommitBatch
{
    private readonly List<PendingWrite> _writes;
    private readonly List<PendingReminderUpsert> _reminders = [];
    private int _prompt;

    public GroupCommitBatch(int capacity)
    {
        _writes = new List<PendingWrite>(capacity);
    }

    public IReadOnlyList<PendingWrite> Writes => _writes;

    public IReadOnlyList<PendingReminderUpsert> Reminders => _reminders;

    /// <summary>Queued items taken, each counting once against the batch bound whatever its kind.</summary>
    public int Count => _writes.Count + _reminders.Count;

    /// <summary>
    /// Whether something taken must commit at once: a write someone waits for, or reminder upserts. False when every
    /// item is a write that may linger (<see cref="Runtime.Storage.WriteUrgency.MayLinger"/>), or the batch is empty.
    /// </summary>
    public bool HasPrompt => _prompt > 0;

    public void Add(PendingCommit pending)
    {
        switch (pending)
        {
            case PendingWrite write:
                _writes.Add(write);
                if (write.Write.Urgency != Runtime.Storage.WriteUrgency.MayLinger)
                {
                    _prompt++;
                }

                break;
            case PendingReminderUpsert reminders:
                _reminders.Add(reminders);
                _prompt++;
                break;
            default:
                throw new ArgumentException($"Unknown pending commit {pending.GetType().Name}.", nameof(pending));
        }
    }

    /// <summary>Fails every item the applier left open (completing an item twice is a no-op).</summary>
    public void FailAll(Exception exception)
    {
        foreach (var write in _writes)
        {
            write.Fail(exception);
        }

        foreach (var reminders in _reminders)
        {
            reminders.Fail(exception);
        }
    }

    public void Clear()
    {
        _writes.Clear();
        _reminders.Clear();
        _prompt = 0;
    }
}
