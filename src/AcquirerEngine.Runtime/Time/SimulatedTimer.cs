namespace AcquirerEngine.Runtime.Time;

/// <summary>A timer of <see cref="SimulatedTimeProvider"/>; all its state is guarded by the provider's lock.</summary>
internal sealed class SimulatedTimer : ITimer
{
    private readonly SimulatedTimeProvider _owner;

    public SimulatedTimer(SimulatedTimeProvider owner, TimerCallback callback, object? state)
    {
        _owner = owner;
        Callback = callback;
        State = state;
    }

    public TimerCallback Callback { get; }

    public object? State { get; }

    /// <summary>Next firing time, or null when disarmed.</summary>
    public DateTimeOffset? Due { get; set; }

    public TimeSpan Period { get; set; }

    /// <summary>Arming order: breaks ties between timers due at the same instant (first armed fires first).</summary>
    public long Sequence { get; set; }

    public bool IsDisposed { get; set; }

    public bool Change(TimeSpan dueTime, TimeSpan period) => _owner.Change(this, dueTime, period);

    public void Dispose() => _owner.Remove(this);

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
