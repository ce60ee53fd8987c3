using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Runtime.InMemory;

/// <summary>Reminder table in memory; share one instance between runtimes to simulate a process restart.</summary>
public sealed class InMemoryReminderTable : IReminderTable
{
    private readonly object _lock = new();
    private readonly Dictionary<(GrainId GrainId, string Name), ReminderEntry> _entries = [];

    public Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            IReadOnlyList<ReminderEntry> all = [.. _entries.Values.OrderBy(e => e, ReminderScheduleComparer.Instance)];
            return Task.FromResult(all);
        }
    }

    public Task<ReminderEntry?> ReadAsync(GrainId grainId, string name, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult(_entries.TryGetValue((grainId, name), out var entry) ? entry : null);
        }
    }

    public Task UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            _entries[(entry.GrainId, entry.Name)] = entry;
            return Task.CompletedTask;
        }
    }

    public Task<bool> RemoveAsync(GrainId grainId, string name, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult(_entries.Remove((grainId, name)));
        }
    }
}
