using System.Threading.Channels;
using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Storage.GroupCommit;

/// <summary>
/// Collects concurrent grain writes into batches for one writer loop: the first waiting write starts a
/// batch, and every write already queued behind it (up to the batch bound) joins it, so under load one
/// commit (one fsync / WAL flush) serves many callers, and an idle store still commits a lone write at once.
/// Reminder upserts queue the same way and ride in the batch that takes them (a store that has no use for
/// them never queues any), so they share its commit instead of paying one of their own.
/// </summary>
/// <remarks>
/// The queue is bounded: when it is full, callers wait in <see cref="EnqueueAsync"/> (back pressure)
/// instead of growing memory. The batch applier owns completing every item of a batch.
/// </remarks>
internal sealed class GroupCommitQueue : IAsyncDisposable
{
    private readonly Channel<PendingCommit> _queue;
    private readonly int _maxWriteBatch;
    private readonly Func<GroupCommitBatch, Task> _applyBatch;
    private readonly Task _loop;

    public GroupCommitQueue(int maxWriteBatch, int queueCapacity, Func<GroupCommitBatch, Task> applyBatch)
    {
        GroupCommitOptions.Validate(maxWriteBatch, queueCapacity);
        _maxWriteBatch = maxWriteBatch;
        _applyBatch = applyBatch;
        _queue = Channel.CreateBounded<PendingCommit>(new BoundedChannelOptions(queueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Queues the write and returns its durable outcome. After disposal: ObjectDisposedException.</summary>
    public Task<long> EnqueueAsync(GrainStateWrite write, CancellationToken cancellationToken)
    {
        var pending = new PendingWrite(write);

        // Nearly always the queue has room: then the write is queued now and the caller awaits its own outcome,
        // without an async method's state machine per write. A cancelled caller, a full queue or a closed
        // store take the awaited path below, which answers exactly as before.
        if (!cancellationToken.IsCancellationRequested && _queue.Writer.TryWrite(pending))
        {
            return pending.Task;
        }

        return QueueThenAwaitAsync(pending, cancellationToken);
    }

    private async Task<long> QueueThenAwaitAsync(PendingWrite pending, CancellationToken cancellationToken)
    {
        await QueueAsync(pending, cancellationToken).ConfigureAwait(false);

        // Once queued the write is not cancellable: it may already be committing, and the caller must
        // learn the truth (durable or refused), never a cancellation that hides a commit.
        return await pending.Task.ConfigureAwait(false);
    }

    /// <summary>
    /// Queues reminder upserts (written in the caller's order) and completes once the batch holding them has committed
    /// durably, or fails with that batch's error. After disposal: ObjectDisposedException.
    /// </summary>
    public async Task EnqueueRemindersAsync(IReadOnlyList<ReminderEntry> entries, CancellationToken cancellationToken)
    {
        var pending = new PendingReminderUpsert(entries);
        await QueueAsync(pending, cancellationToken).ConfigureAwait(false);

        // Not cancellable once queued, for the same reason as a grain write.
        await pending.Task.ConfigureAwait(false);
    }

    /// <summary>Items queued and not yet taken by the writer loop (a test hook: the loop took everything when 0).</summary>
    public int Queued => _queue.Reader.Count;

    /// <summary>Stops accepting writes, lets the loop commit what was already queued, and waits for it.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task QueueAsync(PendingCommit pending, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(GroupCommitQueue), "The store is closed; the write was not accepted.");
        }
    }

    private async Task RunAsync()
    {
        var batch = new GroupCommitBatch(_maxWriteBatch);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < _maxWriteBatch && reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            try
            {
                await _applyBatch(batch).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // The applier completes each item itself; anything it left open fails with the batch's
                // error, so no caller waits forever and the loop keeps serving later writes.
                batch.FailAll(ex);
            }

            batch.Clear();
        }
    }
}
