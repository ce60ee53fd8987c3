using AcquirerEngine.Runtime.Storage;
using AcquirerEngine.Runtime.Time;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AcquirerEngine.Runtime;

/// <summary>
/// The in-process grain runtime: one activation per <see cref="GrainId"/>, turn-based mailboxes, versioned
/// state, grain timers, durable reminders and idle deactivation, all driven by an injected
/// <see cref="System.TimeProvider"/> so a simulated clock can replay days deterministically.
/// </summary>
public sealed partial class GrainRuntime : IAsyncDisposable
{
    private readonly object _directoryLock = new();
    private readonly Dictionary<GrainId, GrainActivation> _activations = [];
    private readonly IDisposable? _quiescenceRegistration;
    private ITimer? _idleSweepTimer;
    private RuntimeStatus _status;
    private long _activitySequence;

    public GrainRuntime(
        GrainTypeRegistry registry,
        IGrainStorage storage,
        IReminderTable reminderTable,
        GrainRuntimeOptions? options = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(reminderTable);
        Registry = registry.Copy();
        Storage = storage;
        Options = (options ?? new GrainRuntimeOptions()).Snapshot();
        TimeProvider = timeProvider ?? TimeProvider.System;
        loggerFactory ??= NullLoggerFactory.Instance;
        Logger = loggerFactory.CreateLogger<GrainRuntime>();
        Reminders = new ReminderService(this, reminderTable, loggerFactory.CreateLogger<ReminderService>());
        GrainFactory = new GrainFactory(this);

        // A simulated clock must not move on while work it triggered is still running.
        if (TimeProvider is SimulatedTimeProvider simulated)
        {
            _quiescenceRegistration = simulated.RegisterQuiescenceCallback(WaitForQuiescenceAsync);
        }
    }

    private enum RuntimeStatus
    {
        Created,
        Running,
        Stopping,
        Stopped,
    }

    public IGrainFactory GrainFactory { get; }

    public TimeProvider TimeProvider { get; }

    /// <summary>A copy of the options the runtime was built with.</summary>
    public GrainRuntimeOptions Options { get; }

    /// <summary>Activations in the directory, including ones activating or deactivating (what MaxActivations bounds).</summary>
    public int ActiveActivationCount
    {
        get
        {
            lock (_directoryLock)
            {
                return _activations.Count;
            }
        }
    }

    /// <summary>Turns queued and not yet started, over all activations.</summary>
    public int TotalMailboxDepth
    {
        get
        {
            lock (_directoryLock)
            {
                return _activations.Values.Sum(a => a.QueuedCount);
            }
        }
    }

    internal GrainTypeRegistry Registry { get; }

    internal IGrainStorage Storage { get; }

    internal ILogger Logger { get; }

    internal ReminderService Reminders { get; }

    internal WorkTracker Tracker { get; } = new();

    /// <summary>Accepts calls, loads reminders and starts the idle sweep.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_directoryLock)
        {
            if (_status != RuntimeStatus.Created)
            {
                throw new InvalidOperationException($"The runtime can be started once; it is {_status}.");
            }

            _status = RuntimeStatus.Running;
        }

        RuntimeMetrics.RuntimeStarted(this);
        await Reminders.StartAsync(cancellationToken);
        if (Options.IdleDeactivationAfter != Timeout.InfiniteTimeSpan)
        {
            _idleSweepTimer = TimeProvider.CreateTimer(_ => SweepIdle(), null, Options.IdleSweepInterval, Options.IdleSweepInterval);
        }

        Logger.LogInformation("Grain runtime started.");
    }

    /// <summary>
    /// Stops reminder delivery, then deactivates every activation gracefully: queued turns run,
    /// then OnDeactivateAsync. New activations are refused from the start of the stop.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_directoryLock)
        {
            if (_status != RuntimeStatus.Running)
            {
                _status = RuntimeStatus.Stopped;
                RuntimeMetrics.RuntimeStopped(this);
                return;
            }

            _status = RuntimeStatus.Stopping;
        }

        await Reminders.StopAsync();
        _idleSweepTimer?.Dispose();
        while (true)
        {
            Task[] deactivations;
            lock (_directoryLock)
            {
                if (_activations.Count == 0)
                {
                    break;
                }

                var reason = new DeactivationReason(DeactivationReasonCode.ShuttingDown, "The grain runtime is stopping.");
                deactivations = [.. _activations.Values.Select(a => a.RequestDeactivation(reason))];
            }

            await Task.WhenAll(deactivations).WaitAsync(cancellationToken);
        }

        lock (_directoryLock)
        {
            _status = RuntimeStatus.Stopped;
        }

        RuntimeMetrics.RuntimeStopped(this);
        Logger.LogInformation("Grain runtime stopped.");
    }

    /// <summary>Completes when no call, turn, activation, deactivation or reminder delivery is in flight.</summary>
    public Task WaitForQuiescenceAsync(CancellationToken cancellationToken) => Tracker.WaitForIdleAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _quiescenceRegistration?.Dispose();
    }

    /// <summary>Activations and queued turns per grain type, for the runtime's gauges.</summary>
    internal Dictionary<string, GrainTypeLoad> LoadByGrainType()
    {
        var load = new Dictionary<string, GrainTypeLoad>(StringComparer.Ordinal);
        lock (_directoryLock)
        {
            foreach (var (grainId, activation) in _activations)
            {
                var queued = activation.QueuedCount;
                var one = new GrainTypeLoad(1, queued, queued);
                load[grainId.Type] = load.TryGetValue(grainId.Type, out var sum) ? sum.Combine(one) : one;
            }
        }

        return load;
    }

    internal long NextActivitySequence() => Interlocked.Increment(ref _activitySequence);

    /// <summary>
    /// Queues <paramref name="body"/> as a turn of grain <paramref name="grainId"/>, activating it if needed,
    /// and retries on a fresh activation when the current one leaves before running the turn.
    /// </summary>
    internal Task<T> InvokeAsync<T>(GrainId grainId, Func<Grain, Task<T>> body, bool isSystem) =>
        InvokeAsync(grainId, static (grain, args) => ((Func<Grain, Task<T>>)args![0]!)(grain), [body], isSystem);

    /// <summary>
    /// <see cref="InvokeAsync{T}(GrainId, Func{Grain, Task{T}}, bool)"/> for a grain method's call: the method's
    /// compiled body and the call's arguments travel separately, so a call allocates no closure binding them.
    /// </summary>
    internal async Task<T> InvokeAsync<T>(GrainId grainId, Func<Grain, object?[]?, Task<T>> body, object?[]? args, bool isSystem)
    {
        Tracker.Begin();
        try
        {
            while (true)
            {
                var activation = await GetOrCreateActivationAsync(grainId);
                var item = new CallWorkItem<T>(body, args, isSystem);
                switch (activation.TryEnqueue(item))
                {
                    case EnqueueResult.Full:
                        throw new MailboxFullException(grainId, Options.MailboxCapacity);
                    case EnqueueResult.Gone:
                        await activation.Deactivated;
                        continue;
                }

                var outcome = await item.Outcome;
                if (!outcome.Rerouted)
                {
                    return outcome.Value!;
                }

                await activation.Deactivated;
            }
        }
        finally
        {
            Tracker.End();
        }
    }

    /// <summary>
    /// Starts <paramref name="work"/> outside any turn. It is counted as in-flight work from this call on
    /// (before the calling turn ends), so quiescence, and with it the simulated clock, waits for it.
    /// </summary>
    internal void RunTracked(GrainId owner, Func<Task> work)
    {
        Tracker.Begin();
        _ = RunAsync();

        async Task RunAsync()
        {
            try
            {
                // Leave the calling turn first: the work must not run inside it.
                await Task.Yield();
                await work();
            }
            catch (Exception ex)
            {
                Logger.LogError(ex, "Work that {GrainId} started outside its turn failed.", owner);
            }
            finally
            {
                Tracker.End();
            }
        }
    }

    internal void RemoveActivation(GrainActivation activation)
    {
        lock (_directoryLock)
        {
            if (_activations.TryGetValue(activation.GrainId, out var current) && ReferenceEquals(current, activation))
            {
                _activations.Remove(activation.GrainId);
            }
        }
    }

    private async ValueTask<GrainActivation> GetOrCreateActivationAsync(GrainId grainId)
    {
        while (true)
        {
            Task wait;
            lock (_directoryLock)
            {
                if (_activations.TryGetValue(grainId, out var existing))
                {
                    if (!existing.IsClosed)
                    {
                        return existing;
                    }

                    // One activation per GrainId: the next one starts only after this one has finished leaving.
                    wait = existing.Deactivated;
                }
                else
                {
                    if (_status != RuntimeStatus.Running)
                    {
                        throw new InvalidOperationException($"Cannot activate grain {grainId}: the grain runtime is {_status}.");
                    }

                    if (_activations.Count < Options.MaxActivations)
                    {
                        var registration = Registry.GetByTypeName(grainId.Type);
                        var grain = registration.Factory();
                        var activation = new GrainActivation(this, grainId, grain);
                        grain.Attach(activation);
                        _activations.Add(grainId, activation);
                        RuntimeMetrics.ActivationCreated(grainId);
                        activation.Start();
                        return activation;
                    }

                    wait = MakeRoomLocked(grainId);
                }
            }

            await wait;
        }
    }

    private Task MakeRoomLocked(GrainId requestedBy)
    {
        GrainActivation? victim = null;
        GrainActivation? leaving = null;
        foreach (var activation in _activations.Values)
        {
            if (activation.IsClosed)
            {
                leaving ??= activation;
            }
            else if (activation.IsIdle && (victim is null || activation.LastActivitySequence < victim.LastActivitySequence))
            {
                victim = activation;
            }
        }

        if (victim is not null)
        {
            Logger.LogInformation("MaxActivations ({Max}) reached: deactivating idle {Victim} to activate {GrainId}.", Options.MaxActivations, victim.GrainId, requestedBy);
            return victim.RequestDeactivation(new DeactivationReason(
                DeactivationReasonCode.ActivationLimitReached,
                $"Evicted to make room for {requestedBy} (MaxActivations {Options.MaxActivations})."));
        }

        if (leaving is not null)
        {
            return leaving.Deactivated;
        }

        throw new ActivationLimitExceededException(requestedBy, Options.MaxActivations);
    }

    private void SweepIdle()
    {
        var cutoff = TimeProvider.GetUtcNow() - Options.IdleDeactivationAfter;
        var reason = new DeactivationReason(DeactivationReasonCode.ActivationIdle, $"Idle for at least {Options.IdleDeactivationAfter}.");
        lock (_directoryLock)
        {
            if (_status != RuntimeStatus.Running)
            {
                return;
            }

            foreach (var activation in _activations.Values)
            {
                if (activation.IsIdleSince(cutoff))
                {
                    activation.RequestDeactivation(reason);
                }
            }
        }
    }
}
