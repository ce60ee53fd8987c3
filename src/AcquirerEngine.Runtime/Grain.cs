namespace AcquirerEngine.Runtime;

/// <summary>
/// Base class of every grain. The runtime attaches its context after the constructor ran, so members
/// of this class are usable from <see cref="OnActivateAsync"/> on, never from the constructor.
/// </summary>
public abstract class Grain : IGrain
{
    private GrainActivation? _activation;

    /// <summary>The identity of this activation's grain.</summary>
    public GrainId GrainId => Activation.GrainId;

    /// <summary>Factory for calling other grains (and this one's interface from elsewhere).</summary>
    protected IGrainFactory GrainFactory => Activation.Runtime.GrainFactory;

    /// <summary>The only clock grains may use: simulated in tests and replays.</summary>
    protected TimeProvider TimeProvider => Activation.Runtime.TimeProvider;

    /// <summary>The activation, or null before the runtime attached it (constructor).</summary>
    internal GrainActivation? AttachedActivation => _activation;

    internal GrainActivation Activation =>
        _activation ?? throw new InvalidOperationException(
            $"{GetType().Name} is not attached to the grain runtime yet: use runtime members from OnActivateAsync on, not from the constructor.");

    public string GetPrimaryKeyString() => GrainId.Key;

    /// <summary>Runs as the first turn, after persisted state (if any) was loaded.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs as the last turn; timers are already stopped. Check the reason before trusting memory.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Registers a volatile timer whose ticks run as turns of this grain. A tick is skipped if the previous one
    /// is still pending. Pass <see cref="Timeout.InfiniteTimeSpan"/> as period for a one-shot timer.
    /// The token passed to the callback is cancelled when the timer is disposed.
    /// </summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var activation = Activation;
        var timer = new GrainTimer(activation, callback, dueTime, period);
        activation.AddTimer(timer);
        return timer;
    }

    /// <summary>
    /// Registers (or replaces) a durable reminder: first tick after <paramref name="dueTime"/>, then every
    /// <paramref name="period"/>. Replacing resets the schedule, so call <see cref="GetReminder"/> first when
    /// re-registering on every activation would lose catch-up ticks.
    /// </summary>
    protected Task<IGrainReminder> RegisterOrUpdateReminder(string reminderName, TimeSpan dueTime, TimeSpan period)
    {
        if (this is not IRemindable)
        {
            throw new InvalidOperationException($"{GetType().Name} must implement IRemindable to register reminders.");
        }

        return Activation.Runtime.Reminders.RegisterOrUpdateAsync(GrainId, reminderName, dueTime, period);
    }

    protected Task UnregisterReminder(IGrainReminder reminder)
    {
        ArgumentNullException.ThrowIfNull(reminder);
        return Activation.Runtime.Reminders.UnregisterAsync(GrainId, reminder.ReminderName);
    }

    protected Task<IGrainReminder?> GetReminder(string reminderName) =>
        Task.FromResult(Activation.Runtime.Reminders.Get(GrainId, reminderName));

    protected Task<IReadOnlyList<IGrainReminder>> GetReminders() =>
        Task.FromResult(Activation.Runtime.Reminders.GetAll(GrainId));

    /// <summary>
    /// Runs <paramref name="work"/> outside this grain's turn, for calls that must not hold the grain while
    /// they wait: a grain that awaits another grain which may be awaiting it (A calls B while B calls A)
    /// would wait forever, since turns do not interleave. The work must not touch <c>State</c>; it reports
    /// back by calling this grain through <see cref="GrainFactory"/>, which is a turn like any other.
    /// The runtime counts it as in-flight work until it ends, and logs its failure.
    /// </summary>
    protected void RunOutsideTurn(Func<Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        Activation.Runtime.RunTracked(GrainId, work);
    }

    /// <summary>
    /// Queues <paramref name="turn"/> as a later turn of this activation, behind what is already queued: work a turn
    /// wants done after its caller has the reply (e.g. handing on what the turn made durable). Nobody awaits it; a
    /// failure is logged. Returns false, and the turn is not queued, when this activation is already leaving; a
    /// queued turn is dropped if the activation leaves before running it, so such work must also be resumed by the
    /// next activation. Callable from outside a turn too (e.g. from <see cref="RunOutsideTurn"/>'s work).
    /// </summary>
    protected bool QueueTurn(Func<Task> turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var activation = Activation;
        activation.Runtime.Tracker.Begin();
        if (activation.TryEnqueue(new QueuedTurnWorkItem(activation, turn)) == EnqueueResult.Accepted)
        {
            return true;
        }

        activation.Runtime.Tracker.End();
        return false;
    }

    /// <summary>Deactivates this activation after the current turn (queued calls still run first).</summary>
    protected void DeactivateOnIdle() =>
        Activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "DeactivateOnIdle was called."));

    internal void Attach(GrainActivation activation)
    {
        if (_activation is not null)
        {
            throw new InvalidOperationException("A grain instance belongs to exactly one activation; the factory must return a new instance per call.");
        }

        _activation = activation;
    }

    /// <summary>Hook for <see cref="Grain{TState}"/>: runs in a turn once its pipelined writes are all durable.</summary>
    internal virtual void OnPipelineSettled()
    {
    }

    /// <summary>Hook for <see cref="Grain{TState}"/>: state is loaded before OnActivateAsync.</summary>
    internal virtual Task LoadStateAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
