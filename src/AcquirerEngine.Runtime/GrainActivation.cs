using System.Runtime.CompilerServices;
using AcquirerEngine.Runtime.Storage;
using Microsoft.Extensions.Logging;

namespace AcquirerEngine.Runtime;

/// <summary>
/// One in-memory instance of a grain with its mailbox. A single pump runs the queued turns one at a time
/// (no interleaving, no reentrancy), so grain code never needs locks.
/// Lock order: the runtime's directory lock, then this lock, then the work tracker's lock.
/// Memory: a million idle activations are the common case, so what only some need (a second waiting turn,
/// timers, a task to wait for the deactivation) is allocated when first needed.
/// </summary>
internal sealed partial class GrainActivation
{
    // The activation is its own lock (it is internal, never handed to code that could lock it): no separate
    // lock object per activation.
    private readonly object _lock;
    private MailboxQueue _queue;
    private List<GrainTimer>? _timers;
    private TaskCompletionSource? _deactivated;
    private bool _left;
    private bool _pumpRunning;
    private bool _turnRunning;
    private bool _activated;
    private bool _finished;
    private bool _untrusted;
    private int _pendingCalls;
    private StrongBox<DeactivationReason>? _deactivationReason;
    private volatile bool _closed;

    public GrainActivation(GrainRuntime runtime, GrainId grainId, Grain grain)
    {
        _lock = this;
        Runtime = runtime;
        GrainId = grainId;
        Grain = grain;
        LastActivity = runtime.TimeProvider.GetUtcNow();
        LastActivitySequence = runtime.NextActivitySequence();
    }

    public GrainRuntime Runtime { get; }

    public GrainId GrainId { get; }

    public Grain Grain { get; }

    /// <summary>Completes once the activation has left the directory; a new one may be created after that.</summary>
    public Task Deactivated
    {
        get
        {
            lock (_lock)
            {
                return _left ? Task.CompletedTask : (_deactivated ??= new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }
        }
    }

    /// <summary>True once deactivation was requested: new work goes to the next activation.</summary>
    public bool IsClosed => _closed;

    public DateTimeOffset LastActivity { get; private set; }

    public long LastActivitySequence { get; private set; }

    public int QueuedCount
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Activated, nothing queued or running, and not on its way out.</summary>
    public bool IsIdle
    {
        get
        {
            lock (_lock)
            {
                return _activated && !_turnRunning && _queue.Count == 0 && !_closed;
            }
        }
    }

    public bool IsIdleSince(DateTimeOffset cutoff)
    {
        lock (_lock)
        {
            return _activated && !_turnRunning && _queue.Count == 0 && !_closed && LastActivity <= cutoff;
        }
    }

    /// <summary>Loads state and runs OnActivateAsync; calls queued meanwhile wait behind it.</summary>
    public void Start()
    {
        lock (_lock)
        {
            StartPumpLocked();
        }

        _ = Task.Run(RunAsync);
    }

    public EnqueueResult TryEnqueue(WorkItem item)
    {
        var startPump = false;
        lock (_lock)
        {
            if (_closed)
            {
                return EnqueueResult.Gone;
            }

            if (item.CountsAgainstCapacity)
            {
                if (_pendingCalls >= Runtime.Options.MailboxCapacity)
                {
                    return EnqueueResult.Full;
                }

                _pendingCalls++;
            }

            _queue.Enqueue(item);
            if (!_pumpRunning)
            {
                StartPumpLocked();
                startPump = true;
            }
        }

        if (startPump)
        {
            StartPump();
        }

        return EnqueueResult.Accepted;
    }

    /// <summary>
    /// Closes the mailbox to new work; already queued turns still run (unless the activation is untrusted),
    /// then OnDeactivateAsync runs as the last turn. Idempotent: the first reason wins.
    /// </summary>
    public Task RequestDeactivation(DeactivationReason reason)
    {
        var startPump = false;
        lock (_lock)
        {
            if (_finished || _deactivationReason is not null)
            {
                return Deactivated;
            }

            _deactivationReason = new(reason);
            _closed = true;
            Runtime.Tracker.Begin();
            if (!_pumpRunning)
            {
                StartPumpLocked();
                startPump = true;
            }
        }

        if (startPump)
        {
            StartPump();
        }

        return Deactivated;
    }

    /// <summary>
    /// The grain's memory no longer matches storage (a stale write was refused): nothing queued may run
    /// against it. Queued calls are rerouted to a fresh activation that re-reads storage.
    /// </summary>
    public void MarkUntrusted(Exception cause)
    {
        lock (_lock)
        {
            _untrusted = true;
        }

        RequestDeactivation(new DeactivationReason(
            DeactivationReasonCode.ApplicationError,
            cause is InconsistentStateException
                ? "In-memory state is stale: a write found another writer's version."
                : "A state write failed: memory may hold changes the store does not.",
            cause));
    }

    public void AddTimer(GrainTimer timer)
    {
        lock (_lock)
        {
            (_timers ??= []).Add(timer);
        }
    }

    public void RemoveTimer(GrainTimer timer)
    {
        lock (_lock)
        {
            _timers?.Remove(timer);
        }
    }

    private async Task RunAsync()
    {
        try
        {
            await Grain.LoadStateAsync(CancellationToken.None);
            await Grain.OnActivateAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            FailActivation(ex);
            Runtime.Tracker.End();
            return;
        }

        lock (_lock)
        {
            _activated = true;
        }

        await PumpAsync();
    }

    private void FailActivation(Exception exception)
    {
        Runtime.Logger.LogError(exception, "Activation of {GrainId} failed.", GrainId);
        List<WorkItem> failed;
        lock (_lock)
        {
            _closed = true;
            failed = _queue.TakeAll();
            _pendingCalls = 0;
        }

        DisposeTimers();
        foreach (var item in failed)
        {
            // Callers waiting for this activation see why it could not be created, as with Orleans.
            item.Fail(exception);
        }

        Finish();
    }

    /// <summary>
    /// Runs the pump on the thread pool, as Task.Run did (the caller's execution context flows, the global queue),
    /// without its per-start delegate, outer task and unwrap promise: a pump starts for nearly every call to an
    /// idle activation. Its task is not observed, as before; the pump handles its turns' failures itself.
    /// </summary>
    private void StartPump() =>
        ThreadPool.QueueUserWorkItem(static activation => _ = activation.PumpAsync(), this, preferLocal: false);

    private async Task PumpAsync()
    {
        // The pump may be started from a turn's code (a call, a pipelined write's completion): its turns are not that turn.
        GrainTurn.Current = null;
        while (true)
        {
            WorkItem? item = null;
            List<WorkItem>? rerouted = null;
            var deactivate = false;
            lock (_lock)
            {
                if (_untrusted && _queue.Count > 0)
                {
                    rerouted = _queue.TakeAll();
                    _pendingCalls = 0;
                }

                if (_queue.TryDequeue(out item))
                {
                    _turnRunning = true;
                }
                else if (_deactivationReason is not null)
                {
                    deactivate = true;
                }
                else
                {
                    _pumpRunning = false;
                }
            }

            if (rerouted is not null)
            {
                foreach (var r in rerouted)
                {
                    r.Reroute();
                }
            }

            if (item is not null)
            {
                await item.ExecuteAsync(Grain);
                lock (_lock)
                {
                    // Bookkeeping before completion, so a caller that immediately calls again sees the freed slot
                    // and an idle activation (e.g. one it may evict to make room).
                    _turnRunning = false;
                    if (item.CountsAgainstCapacity)
                    {
                        _pendingCalls--;
                    }

                    if (item.KeepsAlive)
                    {
                        LastActivity = Runtime.TimeProvider.GetUtcNow();
                        LastActivitySequence = Runtime.NextActivitySequence();
                    }
                }

                CompleteTurn(item);
                continue;
            }

            if (deactivate)
            {
                await DeactivateAsync();
            }

            // The pump itself is tracked: until it has stopped, the activation is not quiescent.
            Runtime.Tracker.End();
            return;
        }
    }

    private async Task DeactivateAsync()
    {
        DeactivationReason reason;
        lock (_lock)
        {
            reason = _deactivationReason!.Value;
        }

        DisposeTimers();

        // The next activation may only read once every write this one queued is decided (pipelined writes).
        await WhenWritesSettledAsync();
        try
        {
            await Grain.OnDeactivateAsync(reason, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Deactivation goes ahead regardless: the activation is leaving either way.
            Runtime.Logger.LogError(ex, "OnDeactivateAsync of {GrainId} failed.", GrainId);
        }

        // Timers registered during OnDeactivateAsync die with the activation too.
        DisposeTimers();
        Runtime.Logger.LogDebug("Deactivated {GrainId}: {Reason}.", GrainId, reason.ReasonCode);
        Finish();
    }

    private void Finish()
    {
        List<WorkItem> leftovers;
        bool deactivationRequested;
        lock (_lock)
        {
            _finished = true;
            _closed = true;
            leftovers = _queue.TakeAll();
            deactivationRequested = _deactivationReason is not null;
        }

        foreach (var item in leftovers)
        {
            item.Reroute();
        }

        Runtime.RemoveActivation(this);
        RuntimeMetrics.ActivationDeactivated(GrainId);
        TaskCompletionSource? deactivated;
        lock (_lock)
        {
            _left = true;
            deactivated = _deactivated;
        }

        deactivated?.TrySetResult();
        if (deactivationRequested)
        {
            Runtime.Tracker.End();
        }
    }

    /// <summary>Marks the pump as running and counts it as in-flight work until it stops.</summary>
    private void StartPumpLocked()
    {
        _pumpRunning = true;
        Runtime.Tracker.Begin();
    }

    private void DisposeTimers()
    {
        GrainTimer[] timers;
        lock (_lock)
        {
            timers = _timers is null ? [] : [.. _timers];
        }

        foreach (var timer in timers)
        {
            timer.Dispose();
        }
    }
}
