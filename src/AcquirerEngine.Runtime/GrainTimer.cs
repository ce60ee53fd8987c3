using Microsoft.Extensions.Logging;

namespace AcquirerEngine.Runtime;

/// <summary>
/// A timer whose ticks are turns in the owning grain's mailbox. If the previous tick is still queued
/// or running when the timer fires again, that tick is skipped rather than queued, so a slow grain
/// never accumulates an unbounded backlog of ticks.
/// </summary>
internal sealed class GrainTimer : IGrainTimer
{
    private readonly object _lock = new();
    private readonly GrainActivation _activation;
    private readonly Func<CancellationToken, Task> _callback;
    private readonly CancellationTokenSource _disposed = new();
    private readonly ITimer _timer;
    private bool _tickPending;

    public GrainTimer(GrainActivation activation, Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        _activation = activation;
        _callback = callback;

        // Created disarmed and armed afterwards, so a zero due time cannot fire before the constructor returns.
        _timer = activation.Runtime.TimeProvider.CreateTimer(_ => OnTimerFired(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(dueTime, period);
    }

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        _timer.Change(dueTime, period);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed.IsCancellationRequested)
            {
                return;
            }

            // Cancelling tells a running tick to stop; a queued tick sees the flag and does nothing.
            _disposed.Cancel();
        }

        _timer.Dispose();
        _activation.RemoveTimer(this);
    }

    internal async Task RunTickAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        try
        {
            await _callback(_disposed.Token);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && _disposed.IsCancellationRequested))
        {
            // A failing tick must not kill the timer or the activation; it is the grain's bug to see in the log.
            _activation.Runtime.Logger.LogError(ex, "Grain timer tick of {GrainId} failed.", _activation.GrainId);
        }
        catch (OperationCanceledException)
        {
            // The timer was disposed while the tick ran: expected.
        }
    }

    internal void TickFinished()
    {
        lock (_lock)
        {
            _tickPending = false;
        }

        _activation.Runtime.Tracker.End();
    }

    private void OnTimerFired()
    {
        lock (_lock)
        {
            if (_disposed.IsCancellationRequested)
            {
                return;
            }

            if (_tickPending)
            {
                _activation.Runtime.Logger.LogDebug("Grain timer tick of {GrainId} skipped: the previous tick is still pending.", _activation.GrainId);
                return;
            }

            _tickPending = true;
        }

        // Counted before it is queued so a simulated clock waits for the tick to run.
        _activation.Runtime.Tracker.Begin();
        if (_activation.TryEnqueue(new TimerTickWorkItem(this)) != EnqueueResult.Accepted)
        {
            TickFinished();
        }
    }
}
