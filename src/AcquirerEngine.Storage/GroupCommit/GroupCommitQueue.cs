using System.Diagnostics;
using System.Threading.Channels;
using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Storage.GroupCommit;

/// <summary>
/// Collects concurrent grain writes into batches for one writer loop: the first waiting write starts a
/// batch, and every write already queued behind it (up to the batch bound) joins it, so under load one
/// commit (one fsync / WAL flush) serves many callers, and an idle store still commits a lone write at once.
/// The exception is a batch made only of writes no reply waits on (<see cref="WriteUrgency.MayLinger"/>, e.g. a
/// merchant's capture of a sale its terminal has already answered): it waits up to the linger bound for company, and
/// the first prompt write (or reminder upsert) queued meanwhile ends the wait, so the two share one commit. At moderate
/// rates, where every write used to commit alone, a sale's two writes then cost one fsync instead of two.
/// Reminder upserts queue the same way and ride in the batch that takes them (a store that has no use for
/// them never queues any), so they share its commit instead of paying one of their own.
/// </summary>
/// <remarks>
/// <para>The queue is bounded: when it is full, callers wait in <see cref="EnqueueAsync"/> (back pressure)
/// instead of growing memory. The batch applier owns completing every item of a batch.</para>
/// <para>Two kinds of loop. A store whose batch is blocking work (SQLite: its statements and the WAL's fsync run on
/// the calling thread) gets a thread of its own (<see cref="OnOwnThread"/>): as a thread-pool loop it held a pool
/// worker about nine tenths of the time under load, and after an idle moment its next batch waited in the pool's queue
/// behind request work. A store whose batch is asynchronous I/O (PostgreSQL) keeps a loop on the thread pool
/// (<see cref="OnThreadPool"/>).</para>
/// </remarks>
internal sealed class GroupCommitQueue : IAsyncDisposable
{
    private readonly Channel<PendingCommit> _queue;
    private readonly int _maxWriteBatch;
    private readonly TimeSpan _maxLinger;
    private readonly Task _loop;

    // Set when something was queued or the queue was completed; only the own-thread loop sleeps on it.
    private readonly ManualResetEventSlim? _queued;

    private GroupCommitQueue(int maxWriteBatch, int queueCapacity, TimeSpan maxLinger, bool ownThread)
    {
        GroupCommitOptions.Validate(maxWriteBatch, queueCapacity, maxLinger);
        _maxWriteBatch = maxWriteBatch;
        _maxLinger = maxLinger;
        _queue = Channel.CreateBounded<PendingCommit>(new BoundedChannelOptions(queueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

        // No spinning before the wait: the writer shares few cores with the callers that would wake it.
        _queued = ownThread ? new ManualResetEventSlim(initialState: false, spinCount: 0) : null;
        _loop = Task.CompletedTask;
    }

    private GroupCommitQueue(int maxWriteBatch, int queueCapacity, TimeSpan maxLinger, Func<GroupCommitBatch, Task> applyBatch)
        : this(maxWriteBatch, queueCapacity, maxLinger, ownThread: false)
    {
        _loop = Task.Run(() => RunOnThreadPoolAsync(applyBatch));
    }

    private GroupCommitQueue(int maxWriteBatch, int queueCapacity, TimeSpan maxLinger, Action<GroupCommitBatch> applyBatch, string threadName)
        : this(maxWriteBatch, queueCapacity, maxLinger, ownThread: true)
    {
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _loop = ended.Task;
        var thread = new Thread(() => RunOnOwnThread(applyBatch, ended))
        {
            // A background thread: a process that exits without disposing the store is not kept alive by it.
            IsBackground = true,
            Name = threadName,
        };
        thread.Start();
    }

    /// <summary>
    /// A loop on the thread pool, for a store whose batch awaits asynchronous I/O. A batch of lingering writes waits up
    /// to <paramref name="maxLinger"/> for company (zero: never).
    /// </summary>
    public static GroupCommitQueue OnThreadPool(int maxWriteBatch, int queueCapacity, Func<GroupCommitBatch, Task> applyBatch, TimeSpan maxLinger = default)
    {
        ArgumentNullException.ThrowIfNull(applyBatch);
        return new GroupCommitQueue(maxWriteBatch, queueCapacity, maxLinger, applyBatch);
    }

    /// <summary>
    /// A loop on a thread of its own, named <paramref name="threadName"/>, for a store whose batch blocks its thread
    /// (synchronous statements and fsync). It sleeps while the queue is empty and wakes at the next queued item. A batch
    /// of lingering writes waits up to <paramref name="maxLinger"/> for company (zero: never).
    /// </summary>
    public static GroupCommitQueue OnOwnThread(
        int maxWriteBatch, int queueCapacity, Action<GroupCommitBatch> applyBatch, string threadName, TimeSpan maxLinger = default)
    {
        ArgumentNullException.ThrowIfNull(applyBatch);
        ArgumentException.ThrowIfNullOrWhiteSpace(threadName);
        return new GroupCommitQueue(maxWriteBatch, queueCapacity, maxLinger, applyBatch, threadName);
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
            SignalQueued();
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
        SignalQueued();
        await _loop.ConfigureAwait(false);
        _queued?.Dispose();
    }

    private async Task QueueAsync(PendingCommit pending, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
            SignalQueued();
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(GroupCommitQueue), "The store is closed; the write was not accepted.");
        }
    }

    private void SignalQueued()
    {
        // Read first: under load the event is already set, and setting it again would write a shared cache line
        // on every enqueue.
        if (_queued is { IsSet: false } queued)
        {
            queued.Set();
        }
    }

    private async Task RunOnThreadPoolAsync(Func<GroupCommitBatch, Task> applyBatch)
    {
        var batch = new GroupCommitBatch(_maxWriteBatch);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            TakeQueued(batch);
            if (ShouldLinger(batch))
            {
                await LingerAsync(batch).ConfigureAwait(false);
            }

            try
            {
                await applyBatch(batch).ConfigureAwait(false);
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

    private void RunOnOwnThread(Action<GroupCommitBatch> applyBatch, TaskCompletionSource ended)
    {
        var queued = _queued!;
        var batch = new GroupCommitBatch(_maxWriteBatch);
        var reader = _queue.Reader;
        while (true)
        {
            TakeQueued(batch);
            if (batch.Count == 0)
            {
                // Completed and drained: every write queued before the disposal has been committed.
                if (reader.Completion.IsCompleted)
                {
                    ended.SetResult();
                    return;
                }

                // Reset, then look again before sleeping: an item queued after the look sets the event after the
                // reset, so the wait returns; one queued before it is seen by the look. No wake-up is lost.
                queued.Reset();
                if (reader.Count == 0 && !reader.Completion.IsCompleted)
                {
                    queued.Wait();
                }

                continue;
            }

            if (ShouldLinger(batch))
            {
                Linger(batch, queued);
            }

            try
            {
                applyBatch(batch);
            }
            catch (Exception ex)
            {
                // As on the thread pool: whatever the applier left open fails with the batch's error.
                batch.FailAll(ex);
            }

            batch.Clear();
        }
    }

    private bool ShouldLinger(GroupCommitBatch batch) =>
        _maxLinger > TimeSpan.Zero && batch.Count > 0 && batch.Count < _maxWriteBatch && !batch.HasPrompt;

    /// <summary>
    /// Own thread: holds a batch of lingering writes until a prompt item joins it, it fills, the linger bound passes,
    /// or the queue is closed, taking whatever is queued meanwhile.
    /// </summary>
    private void Linger(GroupCommitBatch batch, ManualResetEventSlim queued)
    {
        var started = Stopwatch.GetTimestamp();
        var reader = _queue.Reader;
        while (ShouldLinger(batch) && !reader.Completion.IsCompleted)
        {
            var remaining = _maxLinger - Stopwatch.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            // As in the idle wait: reset, then look, so an item queued after the look is not missed.
            queued.Reset();
            if (reader.Count == 0 && !queued.Wait(remaining))
            {
                return;
            }

            TakeQueued(batch);
        }
    }

    /// <summary>Thread pool: <see cref="Linger"/> for a loop that awaits the queue instead of sleeping on it.</summary>
    private async Task LingerAsync(GroupCommitBatch batch)
    {
        using var bound = new CancellationTokenSource(_maxLinger);
        var reader = _queue.Reader;
        while (ShouldLinger(batch))
        {
            try
            {
                if (!await reader.WaitToReadAsync(bound.Token).ConfigureAwait(false))
                {
                    // Closed and drained: commit what was taken.
                    return;
                }
            }
            catch (OperationCanceledException) when (bound.IsCancellationRequested)
            {
                return;
            }

            TakeQueued(batch);
        }
    }

    private void TakeQueued(GroupCommitBatch batch)
    {
        var reader = _queue.Reader;
        while (batch.Count < _maxWriteBatch && reader.TryRead(out var pending))
        {
            batch.Add(pending);
        }
    }
}
