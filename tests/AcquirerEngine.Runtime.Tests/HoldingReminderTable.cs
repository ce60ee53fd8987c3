using AcquirerEngine.Runtime.InMemory;
using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Runtime.Tests;

/// <summary>
/// An in-memory reminder table whose batched NextDue writes (<see cref="IReminderTable.UpsertManyAsync"/>) wait
/// until released, so a test can see what the reminder service does while a NextDue is not yet durable.
/// </summary>
internal sealed class HoldingReminderTable(InMemoryReminderTable inner) : IReminderTable
{
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _heldWrites;

    /// <summary>Batched writes that arrived (held until <see cref="Release"/>, then passed through).</summary>
    public int HeldWrites => Volatile.Read(ref _heldWrites);

    public void Release() => _released.TrySetResult();

    public Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken) => inner.ReadAllAsync(cancellationToken);

    public Task<ReminderEntry?> ReadAsync(GrainId grainId, string name, CancellationToken cancellationToken) =>
        inner.ReadAsync(grainId, name, cancellationToken);

    public Task UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken) => inner.UpsertAsync(entry, cancellationToken);

    public async Task<IReadOnlyList<FencedWriteException?>> UpsertManyAsync(IReadOnlyList<ReminderEntry> entries, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _heldWrites);
        await _released.Task.WaitAsync(cancellationToken);
        return await inner.UpsertManyAsync(entries, cancellationToken);
    }

    public Task<bool> RemoveAsync(GrainId grainId, string name, CancellationToken cancellationToken) => inner.RemoveAsync(grainId, name, cancellationToken);
}
