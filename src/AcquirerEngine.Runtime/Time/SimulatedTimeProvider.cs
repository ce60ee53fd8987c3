namespace AcquirerEngine.Runtime.Time;

/// <summary>
/// A clock that moves only when told. <see cref="AdvanceToAsync"/> steps through every due timer in
/// (due time, arming order), sets the clock to that due time, fires the timer once, and then waits
/// until every registered quiescence callback reports that the work it triggered is done (for a
/// <see cref="GrainRuntime"/>: reminder deliveries, timer ticks, deactivations) before the next step.
/// Jumping over days therefore fires every reminder and timer in order, as if the days had passed.
/// Work that itself waits on this clock inside a grain turn (e.g. Task.Delay with this provider)
/// cannot finish while a step waits for quiescence; the step then fails after <see cref="QuiescenceTimeout"/>.
/// </summary>
public sealed class SimulatedTimeProvider : TimeProvider
{
    private readonly object _lock = new();
    private readonly List<SimulatedTimer> _timers = [];
    private readonly List<Func<CancellationToken, Task>> _quiescenceCallbacks = [];
    private readonly TimeZoneInfo _localTimeZone;
    // UTC ticks. Every turn, log line and timing reads the clock: readers take no lock (a 64-bit read is
    // atomic), writers still change it under the lock so it moves in step with the timers.
    private long _nowTicks;
    private long _sequence;
    private int _advancing;

    public SimulatedTimeProvider(DateTimeOffset start, TimeZoneInfo? localTimeZone = null)
    {
        _nowTicks = start.UtcTicks;
        _localTimeZone = localTimeZone ?? TimeZoneInfo.Utc;
    }

    /// <summary>Real-time guard against a step whose work never completes (a bug or a turn waiting on this clock).</summary>
    public TimeSpan QuiescenceTimeout { get; init; } = TimeSpan.FromMinutes(1);

    public override TimeZoneInfo LocalTimeZone => _localTimeZone;

    private DateTimeOffset Now
    {
        get => new(Volatile.Read(ref _nowTicks), TimeSpan.Zero);
        set => Volatile.Write(ref _nowTicks, value.UtcTicks);
    }

    // Timestamps are simulated ticks, so Stopwatch-style elapsed times follow the simulated clock too.
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Armed timers (diagnostics and tests).</summary>
    public int ArmedTimerCount
    {
        get
        {
            lock (_lock)
            {
                return _timers.Count(t => t.Due is not null);
            }
        }
    }

    public override DateTimeOffset GetUtcNow() => Now;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new SimulatedTimer(this, callback, state);
        lock (_lock)
        {
            _timers.Add(timer);
        }

        Change(timer, dueTime, period);
        return timer;
    }

    /// <summary>
    /// Registers work to wait for after each firing, e.g. "all grain turns finished". The runtime registers
    /// itself when built over this clock.
    /// </summary>
    public IDisposable RegisterQuiescenceCallback(Func<CancellationToken, Task> waitForQuiescence)
    {
        ArgumentNullException.ThrowIfNull(waitForQuiescence);
        lock (_lock)
        {
            _quiescenceCallbacks.Add(waitForQuiescence);
        }

        return new QuiescenceRegistration(this, waitForQuiescence);
    }

    public Task AdvanceAsync(TimeSpan delta, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        return AdvanceToAsync(GetUtcNow() + delta, cancellationToken);
    }

    /// <summary>
    /// Moves the clock to <paramref name="target"/>, firing every timer due on the way (including timers
    /// armed for "now" since the last advance) in order, each followed by quiescence.
    /// </summary>
    public async Task AdvanceToAsync(DateTimeOffset target, CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _advancing, 1, 0) != 0)
        {
            throw new InvalidOperationException("The simulated clock is already advancing; timer callbacks and grain turns must not advance it.");
        }

        try
        {
            target = target.ToUniversalTime();
            lock (_lock)
            {
                if (target < Now)
                {
                    throw new ArgumentOutOfRangeException(nameof(target), target, $"The simulated clock is at {Now:O} and cannot go back.");
                }
            }

            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var timer = TakeNextDue(target);
                if (timer is null)
                {
                    break;
                }

                timer.Callback(timer.State);
                await WaitForQuiescenceAsync(cancellationToken);
            }

            lock (_lock)
            {
                Now = target;
            }

            await WaitForQuiescenceAsync(cancellationToken);
        }
        finally
        {
            Volatile.Write(ref _advancing, 0);
        }
    }

    /// <summary>Waits until every registered callback reports quiescence (bounded by <see cref="QuiescenceTimeout"/>).</summary>
    public async Task WaitForQuiescenceAsync(CancellationToken cancellationToken = default)
    {
        Func<CancellationToken, Task>[] callbacks;
        lock (_lock)
        {
            callbacks = [.. _quiescenceCallbacks];
        }

        foreach (var callback in callbacks)
        {
            try
            {
                await callback(cancellationToken).WaitAsync(QuiescenceTimeout, cancellationToken);
            }
            catch (TimeoutException ex)
            {
                throw new TimeoutException(
                    $"Work triggered at simulated time {GetUtcNow():O} did not finish within {QuiescenceTimeout} (real time). "
                    + "A grain turn may be waiting on the simulated clock, or a turn is deadlocked.",
                    ex);
            }
        }
    }

    internal bool Change(SimulatedTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        ValidateTimeout(dueTime, nameof(dueTime));
        ValidateTimeout(period, nameof(period));
        lock (_lock)
        {
            if (timer.IsDisposed)
            {
                return false;
            }

            timer.Period = period;
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                timer.Due = null;
            }
            else
            {
                timer.Due = Now + dueTime;
                timer.Sequence = ++_sequence;
            }

            return true;
        }
    }

    internal void Remove(SimulatedTimer timer)
    {
        lock (_lock)
        {
            timer.IsDisposed = true;
            timer.Due = null;
            _timers.Remove(timer);
        }
    }

    private static void ValidateTimeout(TimeSpan value, string name)
    {
        if (value < TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be non-negative or Timeout.InfiniteTimeSpan.");
        }
    }

    /// <summary>Picks the earliest due timer, moves the clock to its due time and re-arms or disarms it.</summary>
    private SimulatedTimer? TakeNextDue(DateTimeOffset target)
    {
        lock (_lock)
        {
            SimulatedTimer? next = null;
            foreach (var timer in _timers)
            {
                if (timer.Due is not { } due || due > target)
                {
                    continue;
                }

                if (next is null || due < next.Due!.Value || (due == next.Due!.Value && timer.Sequence < next.Sequence))
                {
                    next = timer;
                }
            }

            if (next is null)
            {
                return null;
            }

            // A timer armed for "now" before the last advance ended fires at the current time, never in the past.
            var firesAt = next.Due!.Value < Now ? Now : next.Due.Value;
            Now = firesAt;

            // Period zero or infinite means one-shot, as with System.Threading.Timer.
            if (next.Period > TimeSpan.Zero)
            {
                next.Due = firesAt + next.Period;
                next.Sequence = ++_sequence;
            }
            else
            {
                next.Due = null;
            }

            return next;
        }
    }

    internal void Unregister(Func<CancellationToken, Task> callback)
    {
        lock (_lock)
        {
            _quiescenceCallbacks.Remove(callback);
        }
    }
}
