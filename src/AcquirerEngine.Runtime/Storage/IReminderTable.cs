namespace AcquirerEngine.Runtime.Storage;

/// <summary>Durable reminders. Writes are durable before the returned task completes.</summary>
public interface IReminderTable
{
    Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken);

    Task<ReminderEntry?> ReadAsync(GrainId grainId, string name, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the reminder (grain, name).</summary>
    Task UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken);

    /// <summary>Returns false when there was no such reminder.</summary>
    Task<bool> RemoveAsync(GrainId grainId, string name, CancellationToken cancellationToken);
}
