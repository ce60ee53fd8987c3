namespace AcquirerEngine.Runtime.Tests;

/// <summary>A provider whose timers fire only when a test calls <see cref="ManualTimer.Fire"/>.</summary>
internal sealed class ManualTimerTimeProvider : TimeProvider
{
    private readonly List<ManualTimer> _timers = [];

    public IReadOnlyList<ManualTimer> Timers
    {
        get
        {
            lock (_timers)
            {
                return [.. _timers];
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(callback, state);
        lock (_timers)
        {
            _timers.Add(timer);
        }

        return timer;
    }
}
