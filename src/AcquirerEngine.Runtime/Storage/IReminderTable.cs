namespace AcquirerEngine.Runtime.Storage;

/// <summary>Durable reminders. Writes are durable before the returned task completes.</summary>
public interface IReminderTable
{
    Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken);

    Task<ReminderEntry?> ReadAsync(GrainId grainId, string name, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the reminder (grain, name).</summary>
    Task UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts or replaces every entry, in order (a later entry for the same reminder wins), durably before the task
    /// completes. An entry whose <see cref="ReminderEntry.Fence"/> is superseded is refused alone: its slot in the
    /// result holds the refusal, every other slot is null. Stores override this with one transaction for the lot (the
    /// reminder service persists the NextDue of many delivered ticks at once); this default writes them one by one.
    /// </summary>
    async Task<IReadOnlyList<FencedWriteException?>> UpsertManyAsync(IReadOnlyList<ReminderEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var refusals = new FencedWriteException?[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            try
            {
                await UpsertAsync(entries[i], cancellationToken).ConfigureAwait(false);
            }
            catch (FencedWriteException refused)
            {
                refusals[i] = refused;
            }
        }

        return refusals;
    }

    /// <summary>Returns false when there was no such reminder.</summary>
    Task<bool> RemoveAsync(GrainId grainId, string name, CancellationToken cancellationToken);
}
