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

    /// <summary>All entries under one lock: a reader sees none or all of them (there are no fences in memory).</summary>
    public Task<IReadOnlyList<FencedWriteException?>> UpsertManyAsync(IReadOnlyList<ReminderEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var entry in entries)
        {
            ArgumentNullException.ThrowIfNull(entry, nameof(entries));
        }

        lock (_lock)
        {
            foreach (var entry in entries)
            {
                _entries[(entry.GrainId, entry.Name)] = entry;
            }
        }

        IReadOnlyList<FencedWriteException?> written = new FencedWriteException?[entries.Count];
        return Task.FromResult(written);
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
