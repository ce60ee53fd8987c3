namespace AcquirerEngine.Runtime;

/// <summary>
/// Counts work the runtime has started and not finished (calls, turns, activations, deactivations,
/// reminder deliveries). A simulated clock waits for zero before moving on, which is what makes
/// replaying days of timers deterministic. Never takes another lock while holding its own.
/// </summary>
internal sealed class WorkTracker
{
    private readonly object _lock = new();
    private int _pending;
    private TaskCompletionSource _idle = NewIdleSource();

    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _pending;
            }
        }
    }

    public void Begin()
    {
        lock (_lock)
        {
            _pending++;
        }
    }

    public void End()
    {
        TaskCompletionSource? completed = null;
        lock (_lock)
        {
            _pending--;
            if (_pending < 0)
            {
                throw new InvalidOperationException("WorkTracker.End called more often than Begin.");
            }

            if (_pending == 0)
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
                if (_pending == 0)
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
