namespace AcquirerEngine.Runtime;

/// <summary>
/// Counts work the runtime has started and not finished (calls, turns, activations, deactivations,
/// reminder deliveries). A simulated clock waits for zero before moving on, which is what makes
/// replaying days of timers deterministic. Never takes another lock while holding its own.
/// </summary>
/// <remarks>
/// Every call begins and ends work several times (the call, its turn, the pump, a pipelined write), on every
/// thread: the count is kept with interlocked operations, and the lock is taken only when the count reaches
/// zero (to hand waiters the idle signal), so callers do not contend on one global lock.
/// </remarks>
internal sealed class WorkTracker
{
    private readonly object _lock = new();
    private int _pending;
    private TaskCompletionSource _idle = NewIdleSource();

    public int Pending => Volatile.Read(ref _pending);

    public void Begin() => Interlocked.Increment(ref _pending);

    public void End()
    {
        var pending = Interlocked.Decrement(ref _pending);
        if (pending < 0)
        {
            throw new InvalidOperationException("WorkTracker.End called more often than Begin.");
        }

        if (pending > 0)
        {
            return;
        }

        TaskCompletionSource? completed = null;
        lock (_lock)
        {
            // Work may have begun again since the decrement: then its own End signals idle later. Checked under
            // the lock so a waiter that saw pending work and took the current source is always released.
            if (Volatile.Read(ref _pending) == 0)
            {
                completed = _idle;
                _idle = NewIdleSource();
            }
        }

        completed?.TrySetResult();
    }

    public async Task WaitForIdleAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task idle;
            lock (_lock)
            {
                if (Volatile.Read(ref _pending) == 0)
                {
                    return;
                }

                idle = _idle.Task;
            }

            await idle.WaitAsync(cancellationToken);
        }
    }

    // Continuations run asynchronously so End() never runs a waiter's code while the caller holds a lock.
    private static TaskCompletionSource NewIdleSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
