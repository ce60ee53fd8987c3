using AcquirerEngine.Runtime.Storage;
using Microsoft.Extensions.Logging;

namespace AcquirerEngine.Runtime;

/// <summary>
/// Delivers durable reminders. The table is the truth; this keeps a sorted in-memory copy and one
/// <see cref="ITimer"/> armed for the earliest due tick. Ticks are delivered one at a time in
/// (due time, grain id, name) order, each as a ReceiveReminder turn, and NextDue is persisted after each
/// delivered tick: at-least-once per tick across crashes, deterministic order on replay.
/// </summary>
internal sealed class ReminderService
{
    private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromDays(1);

    private readonly object _lock = new();
    private readonly GrainRuntime _runtime;
    private readonly IReminderTable _table;
    private readonly ILogger _logger;

    // Serializes table writes so a delivery's NextDue update can never overwrite a concurrent re-registration.
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Dictionary<(GrainId GrainId, string Name), ReminderEntry> _entries = [];
    private readonly SortedSet<ReminderEntry> _schedule = new(ReminderScheduleComparer.Instance);
    private ITimer? _timer;
    private bool _pumpRunning;
    private bool _stopped;
    private Task _pump = Task.CompletedTask;

    public ReminderService(GrainRuntime runtime, IReminderTable table, ILogger logger)
    {
        _runtime = runtime;
        _table = table;
        _logger = logger;
    }

    private TimeProvider Time => _runtime.TimeProvider;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var all = await _table.ReadAllAsync(cancellationToken);
            var local = 0;
            lock (_lock)
            {
                foreach (var entry in all.Where(e => _runtime.RunsHere(e.GrainId)))
                {
                    SetLocked(entry);
                    local++;
                }

                _timer = Time.CreateTimer(_ => OnTimerFired(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                ArmLocked();
            }

            _logger.LogInformation("Loaded {Count} reminders.", local);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Stops delivering and waits for the tick being delivered (its NextDue is kept if it was cut short).</summary>
    public async Task StopAsync()
    {
        Task pump;
        lock (_lock)
        {
            _stopped = true;
            pump = _pump;
        }

        _timer?.Dispose();
        await pump;
    }

    /// <summary>
    /// Re-reads the table after this node's share of grains changed (a shard taken over): reminders of grains that
    /// run here now are scheduled from the NextDue the previous owner persisted, so a tick it delivered is not repeated
    /// and a tick it missed is caught up; reminders of grains that left are dropped from memory (not from the table).
    /// </summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var all = await _table.ReadAllAsync(cancellationToken);
            lock (_lock)
            {
                foreach (var entry in _entries.Values.Where(e => !_runtime.RunsHere(e.GrainId)).ToList())
                {
                    _entries.Remove((entry.GrainId, entry.Name));
                    _schedule.Remove(entry);
                }

                // Only reminders new to this node: one already scheduled here may be mid-delivery, and the table
                // still shows its old NextDue until that delivery persists the next one.
                foreach (var entry in all.Where(e => _runtime.RunsHere(e.GrainId) && !_entries.ContainsKey((e.GrainId, e.Name))))
                {
                    SetLocked(entry);
                }

                ArmLocked();
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async Task<IGrainReminder> RegisterOrUpdateAsync(GrainId grainId, string name, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(dueTime, TimeSpan.Zero);
        if (period < _runtime.Options.ReminderMinimumPeriod)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, $"Reminder period must be at least {_runtime.Options.ReminderMinimumPeriod} (ReminderMinimumPeriod).");
        }

        var firstTick = Time.GetUtcNow() + dueTime;
        var entry = new ReminderEntry(grainId, name, firstTick, period, firstTick);
        await _writeLock.WaitAsync();
        try
        {
            await _table.UpsertAsync(entry with { Fence = _runtime.FenceFor(grainId) }, CancellationToken.None);
            lock (_lock)
            {
                SetLocked(entry);
                ArmLocked();
            }
        }
        finally
        {
            _writeLock.Release();
        }

        return new GrainReminder(name);
    }

    public async Task UnregisterAsync(GrainId grainId, string name)
    {
        await _writeLock.WaitAsync();
        try
        {
            await _table.RemoveAsync(grainId, name, CancellationToken.None);
            lock (_lock)
            {
                if (_entries.Remove((grainId, name), out var old))
                {
                    _schedule.Remove(old);
                }

                ArmLocked();
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public IGrainReminder? Get(GrainId grainId, string name)
    {
        lock (_lock)
        {
            return _entries.ContainsKey((grainId, name)) ? new GrainReminder(name) : null;
        }
    }

    public IReadOnlyList<IGrainReminder> GetAll(GrainId grainId)
    {
        lock (_lock)
        {
            return _entries.Values
                .Where(e => e.GrainId == grainId)
                .OrderBy(e => e.Name, StringComparer.Ordinal)
                .Select(e => (IGrainReminder)new GrainReminder(e.Name))
                .ToList();
        }
    }

    private void OnTimerFired()
    {
        lock (_lock)
        {
            if (_stopped || _pumpRunning)
            {
                // A running pump re-checks the schedule before it stops, so nothing due is missed.
                return;
            }

            _pumpRunning = true;

            // Counted before the pump starts so a simulated clock waits for the deliveries of this step.
            _runtime.Tracker.Begin();
            _pump = Task.Run(PumpAsync);
        }
    }

    private async Task PumpAsync()
    {
        try
        {
            while (true)
            {
                ReminderEntry next;
                lock (_lock)
                {
                    if (_stopped)
                    {
                        _pumpRunning = false;
                        return;
                    }

                    if (_schedule.Count == 0 || _schedule.Min!.NextDue > Time.GetUtcNow())
                    {
                        // Decided and flagged under the same lock the timer callback takes: no lost wake-up.
                        _pumpRunning = false;
                        ArmLocked();
                        return;
                    }

                    next = _schedule.Min;
                }

                await DeliverAsync(next);
            }
        }
        catch (Exception ex)
        {
            // Only the table can fail here; retry at the next timer firing rather than spinning.
            _logger.LogError(ex, "Reminder delivery failed; will retry.");
            lock (_lock)
            {
                _pumpRunning = false;
                if (!_stopped)
                {
                    _timer?.Change(TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
                }
            }
        }
        finally
        {
            _runtime.Tracker.End();
        }
    }

    private async Task DeliverAsync(ReminderEntry entry)
    {
        if (!_runtime.RunsHere(entry.GrainId))
        {
            // Its shard moved to another node, which delivers it from the persisted NextDue.
            lock (_lock)
            {
                if (_entries.TryGetValue((entry.GrainId, entry.Name), out var current) && ReferenceEquals(current, entry))
                {
                    _entries.Remove((entry.GrainId, entry.Name));
                    _schedule.Remove(entry);
                }
            }

            return;
        }

        var now = Time.GetUtcNow();
        var overdue = ((now - entry.NextDue).Ticks / entry.Period.Ticks) + 1;
        var maxCatchUp = _runtime.Options.ReminderMaxCatchUpTicks;
        if (overdue > maxCatchUp)
        {
            var skipped = overdue - maxCatchUp;
            var resumeAt = entry.NextDue + (entry.Period * skipped);
            _logger.LogWarning(
                "Reminder {Name} of {GrainId} is {Overdue} ticks behind; skipping {Skipped} ticks from {From} to deliver the last {Max} (ReminderMaxCatchUpTicks).",
                entry.Name,
                entry.GrainId,
                overdue,
                skipped,
                entry.NextDue,
                maxCatchUp);
            var skippedEntry = await ReplaceIfCurrentAsync(entry, entry with { NextDue = resumeAt });
            if (skippedEntry is null)
            {
                return;
            }

            entry = skippedEntry;
        }

        var status = new TickStatus(entry.FirstTick, entry.Period, entry.NextDue);
        var entered = false;
        var transientRetries = 0;
        while (true)
        {
            try
            {
                await _runtime.InvokeAsync<object?>(
                    entry.GrainId,
                    async grain =>
                    {
                        entered = true;
                        if (grain is not IRemindable remindable)
                        {
                            throw new InvalidOperationException($"Grain {entry.GrainId} has reminder '{entry.Name}' but does not implement IRemindable.");
                        }

                        await remindable.ReceiveReminder(entry.Name, status);
                        return null;
                    },
                    isSystem: true);
                RuntimeMetrics.ReminderTickDelivered(entry.GrainId, succeeded: true);
                break;
            }
            catch (Exception ex)
            {
                bool stopping;
                lock (_lock)
                {
                    stopping = _stopped;
                }

                if (!entered && stopping)
                {
                    // Not delivered because the runtime is shutting down: keep NextDue so the next start delivers it.
                    return;
                }

                // A grain (or one it called) on a shard between owners, or on a node that just died: nothing of the failed
                // call ran, and ticks are idempotent by design (a settlement run settles a date once), so the tick is
                // delivered again after the hinted pause, a bounded number of times, rather than lost for the day.
                if (FindUnavailable(ex) is { } unavailable && transientRetries < MaxTransientRetries && !stopping)
                {
                    transientRetries++;
                    _logger.LogWarning("Reminder {Name} of {GrainId}: {Reason}; delivering tick {Tick} again ({Attempt}/{Max}).", entry.Name, entry.GrainId, unavailable.Message, status.CurrentTickTime, transientRetries, MaxTransientRetries);
                    await Task.Delay(unavailable.RetryAfter < MinTransientPause ? MinTransientPause : unavailable.RetryAfter);
                    entered = false;
                    continue;
                }

                // As in Orleans, a failing tick is logged and not retried: one broken grain must not stall every cut-off.
                RuntimeMetrics.ReminderTickDelivered(entry.GrainId, succeeded: false);
                _logger.LogError(ex, "Reminder {Name} of {GrainId} failed for tick {Tick}.", entry.Name, entry.GrainId, status.CurrentTickTime);
                break;
            }
        }

        await ReplaceIfCurrentAsync(entry, entry with { NextDue = entry.NextDue + entry.Period });
    }

    /// <summary>Deliveries of one tick after "unavailable" failures (a failover takes a few lease periods).</summary>
    private const int MaxTransientRetries = 10;

    private static readonly TimeSpan MinTransientPause = TimeSpan.FromMilliseconds(500);

    private static Placement.GrainUnavailableException? FindUnavailable(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is Placement.GrainUnavailableException unavailable)
            {
                return unavailable;
            }
        }

        return null;
    }

    /// <summary>Persists <paramref name="updated"/> unless the grain re-registered or removed the reminder meanwhile.</summary>
    private async Task<ReminderEntry?> ReplaceIfCurrentAsync(ReminderEntry current, ReminderEntry updated)
    {
        await _writeLock.WaitAsync();
        try
        {
            lock (_lock)
            {
                if (!_entries.TryGetValue((current.GrainId, current.Name), out var stored) || !ReferenceEquals(stored, current))
                {
                    return null;
                }
            }

            // Fenced like grain state: a former owner woken from a pause cannot move a reminder it no longer owns.
            await _table.UpsertAsync(updated with { Fence = _runtime.FenceFor(updated.GrainId) }, CancellationToken.None);
            lock (_lock)
            {
                SetLocked(updated);
            }

            return updated;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private void SetLocked(ReminderEntry entry)
    {
        if (_entries.Remove((entry.GrainId, entry.Name), out var old))
        {
            _schedule.Remove(old);
        }

        _entries[(entry.GrainId, entry.Name)] = entry;
        _schedule.Add(entry);
    }

    private void ArmLocked()
    {
        if (_stopped || _timer is null || _pumpRunning)
        {
            // A running pump arms the timer itself when it runs out of due ticks.
            return;
        }

        if (_schedule.Count == 0)
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var dueIn = _schedule.Min!.NextDue - Time.GetUtcNow();
        dueIn = dueIn < TimeSpan.Zero ? TimeSpan.Zero : dueIn;

        // System timers reject due times beyond ~49 days; waking early just re-arms.
        _timer.Change(dueIn > MaxTimerDelay ? MaxTimerDelay : dueIn, Timeout.InfiniteTimeSpan);
    }
}
