using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Storage.GroupCommit;

/// <summary>
/// One caller's reminder upserts waiting in the group-commit queue, written in the transaction of the batch that takes
/// them. Its task completes only after that batch's commit is durable, or fails with the batch's error.
/// </summary>
internal sealed class PendingReminderUpsert : PendingCommit
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PendingReminderUpsert(IReadOnlyList<ReminderEntry> entries)
    {
        Entries = entries;
    }

    /// <summary>In the caller's order: a later entry for the same reminder wins.</summary>
    public IReadOnlyList<ReminderEntry> Entries { get; }

    public Task Task => _completion.Task;

    public void Succeed() => _completion.TrySetResult();

    public override void Fail(Exception exception) => _completion.TrySetException(exception);
}
