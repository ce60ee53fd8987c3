using System.Runtime.CompilerServices;
using AcquirerEngine.Runtime.Storage;
using Microsoft.Extensions.Logging;

namespace AcquirerEngine.Runtime;

/// <summary>
/// Delivers durable reminders. The table is the truth; this keeps a sorted in-memory copy and one
/// <see cref="ITimer"/> armed for the earliest due tick. Due ticks are taken in (due time, grain id, name) order and
/// delivered as ReceiveReminder turns, up to <see cref="GrainRuntimeOptions.ReminderDeliveryConcurrency"/> turns at once and
/// never two for the same grain: a grain's ticks stay in order and never overlap, because its next tick is scheduled
/// again only once the previous one's NextDue is persisted. NextDue is persisted after each delivered tick
/// (at-least-once per tick across crashes); the NextDue of deliveries that finish together go to the table in one
/// write. With a concurrency of 1 the order across grains is deterministic on replay.
/// </summary>
internal sealed class ReminderService
{
    private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromDays(1);

    // After a failed table write nothing new is delivered for this long, rather than spinning on a broken table.
    private static readonly TimeSpan TableRetryPause = TimeSpan.FromSeconds(1);

    private readonly object _lock = new();
    private readonly GrainRuntime _runtime;
    private readonly IReminderTable _table;
    private readonly ILogger _logger;
    private readonly int _concurrency;

    // Serializes table writes so a delivery's NextDue update can never overwrite a concurrent re-registration.
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Dictionary<(GrainId GrainId, string Name), ReminderEntry> _entries = [];

    // Entries waiting for their time. A tick being delivered is taken out; its entry goes back (advanced once its
    // NextDue is persisted, as it was otherwise) when the delivery ends.
    private readonly SortedSet<ReminderEntry> _schedule = new(ReminderScheduleComparer.Instance);

    // Grains with a tick in delivery (in the turn, pausing before a retry, or waiting for the NextDue write).
    private readonly HashSet<GrainId> _busyGrains = [];

    // Deliveries back from a transient-failure pause, waiting for a free place; served before new ticks.
    private readonly Queue<TaskCompletionSource<bool>> _placeWaiters = new();
    private readonly List<ReminderNextDueWrite> _pendingWrites = [];
    private readonly WorkTracker _deliveries = new();
    private readonly CancellationTokenSource _stopping = new();
    private int _placesInUse;
    private bool _flushing;
    private DateTimeOffset _pausedUntil = DateTimeOffset.MinValue;
    private ITimer? _timer;

    // The timer was last disarmed and not armed since: disarming it again changes nothing. While every place is
    // taken each delivery's end would otherwise re-disarm it, a call into the time provider (and its lock) per tick.
    private bool _timerDisarmed;
    private bool _stopped;

    public ReminderService(GrainRuntime runtime, IReminderTable table, ILogger logger)
    {
        _runtime = runtime;
        _table = table;
        _logger = logger;
        _concurrency = runtime.Options.ReminderDeliveryConcurrency;
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
                _timerDisarmed = true;
                ArmLocked();
            }

            _logger.LogInformation("Loaded {Count} reminders.", local);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Stops delivering and waits for every tick in delivery (a tick cut short, or pausing before a retry, keeps its
    /// NextDue so the next start delivers it).
    /// </summary>
    public async Task StopAsync()
    {
        lock (_lock)
        {
            _stopped = true;
            while (_placeWaiters.TryDequeue(out var waiter))
            {
                waiter.TrySetResult(false);
            }
        }

        await _stopping.CancelAsync();
        _timer?.Dispose();
        await _deliveries.WaitForIdleAsync(CancellationToken.None);
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

    /// <summary>
    /// Drops the reminders of matching grains from memory (not from the table) once their shard left this node. Without
    /// this a left shard's reminders stay in memory until one of their ticks or this node's next refresh finds them
    /// elsewhere; if the shard comes back first, <see cref="RefreshAsync"/> keeps that old copy instead of the table's,
    /// so what the interim owner did (a reminder registered again or removed, ticks delivered) is undone here. A tick
    /// already in delivery is not cut short: its entry is no longer in force, so it is neither persisted nor scheduled
    /// again, and the grain stays in delivery until it ends.
    /// </summary>
    public void ForgetWhere(Func<GrainId, bool> predicate)
    {
        lock (_lock)
        {
            foreach (var entry in _entries.Values.Where(e => predicate(e.GrainId)).ToList())
            {
                _entries.Remove((entry.GrainId, entry.Name));
                _schedule.Remove(entry);
            }

            ArmLocked();
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
            DispatchLocked();
        }
    }

    /// <summary>
    /// Starts deliveries while places are free: first the retries back from their pause, then due ticks in schedule
    /// order, skipping grains that already have one in delivery. Then arms the timer for what is left.
    /// </summary>
    private void DispatchLocked()
    {
        if (_stopped)
        {
            return;
        }

        while (_placesInUse < _concurrency && _placeWaiters.TryDequeue(out var waiter))
        {
            _placesInUse++;
            waiter.TrySetResult(true);
        }

        var now = Time.GetUtcNow();
        while (_placesInUse < _concurrency && now >= _pausedUntil && NextCandidateLocked() is { } next && next.NextDue <= now)
        {
            _schedule.Remove(next);
            _busyGrains.Add(next.GrainId);
            _placesInUse++;

            // Counted before the delivery starts so a simulated clock waits for every delivery of this step.
            _runtime.Tracker.Begin();
            _deliveries.Begin();
            _ = Task.Run(() => DeliverAsync(next));
        }

        ArmLocked();
    }

    /// <summary>The earliest scheduled entry of a grain without a tick in delivery.</summary>
    private ReminderEntry? NextCandidateLocked()
    {
        if (_schedule.Count == 0)
        {
            return null;
        }

        var min = _schedule.Min!;
        if (!_busyGrains.Contains(min.GrainId))
        {
            return min;
        }

        // Only other reminders of grains in delivery are skipped: a delivered entry is out of the schedule.
        foreach (var entry in _schedule)
        {
            if (!_busyGrains.Contains(entry.GrainId))
            {
                return entry;
            }
        }

        return null;
    }

    private async Task DeliverAsync(ReminderEntry entry)
    {
        // Whether this delivery still holds its place: given up during a retry's pause and once the turn is over.
        var place = new StrongBox<bool>(true);
        try
        {
            await DeliverTickAsync(entry, place);
        }
        catch (Exception ex)
        {
            // Only the table can fail here: the tick stays due, delivered again after a pause rather than spinning.
            _logger.LogError(ex, "Reminder {Name} of {GrainId}: persisting NextDue failed; will retry.", entry.Name, entry.GrainId);
            lock (_lock)
            {
                _pausedUntil = Time.GetUtcNow() + TableRetryPause;
            }
        }
        finally
        {
            lock (_lock)
            {
                if (place.Value)
                {
                    _placesInUse--;
                }

                _busyGrains.Remove(entry.GrainId);

                // Whatever is in force now (advanced, re-registered, or the same when not persisted) is scheduled again.
                if (_entries.TryGetValue((entry.GrainId, entry.Name), out var inForce))
                {
                    _schedule.Add(inForce);
                }

                DispatchLocked();
            }

            _deliveries.End();
            _runtime.Tracker.End();
        }
    }

    /// <summary>
    /// Delivers one tick and persists its NextDue; <paramref name="place"/> says on return whether the delivery still
    /// holds its place.
    /// </summary>
    private async Task DeliverTickAsync(ReminderEntry entry, StrongBox<bool> place)
    {
        if (!_runtime.RunsHere(entry.GrainId))
        {
            // Its shard moved to another node, which delivers it from the persisted NextDue.
            ForgetMoved(entry);
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
            var skippedEntry = await PersistIfCurrentAsync(entry, entry with { NextDue = resumeAt });
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
                // delivered again after the hinted pause, a bounded number of times, rather than lost for the day. The
                // place is given up during the pause so other grains' ticks go on; the grain stays in delivery, so its
                // own later ticks wait.
                // A write refused as stale or fenced is transient in the same way: the store changed nothing, the
                // activation that wrote is dropped, and the next delivery runs on a fresh one that re-reads storage (a
                // shard taken over while its grain was being activated, or the grain's previous owner still alive).
                if (FindTransientFailure(ex) is { } transient && transientRetries < MaxTransientRetries && !stopping)
                {
                    transientRetries++;
                    _logger.LogWarning("Reminder {Name} of {GrainId}: {Reason}; delivering tick {Tick} again ({Attempt}/{Max}).", entry.Name, entry.GrainId, transient.Reason, status.CurrentTickTime, transientRetries, MaxTransientRetries);
                    if (!await PauseBeforeRetryAsync(transient.Pause < MinTransientPause ? MinTransientPause : transient.Pause))
                    {
                        // Stopped during the pause: NextDue kept, delivered by the next start.
                        place.Value = false;
                        return;
                    }

                    if (!_runtime.RunsHere(entry.GrainId))
                    {
                        // The shard moved during the pause: its new owner delivers the tick from the persisted NextDue.
                        ForgetMoved(entry);
                        return;
                    }

                    entered = false;
                    continue;
                }

                // As in Orleans, a failing tick is logged and not retried: one broken grain must not stall every cut-off.
                RuntimeMetrics.ReminderTickDelivered(entry.GrainId, succeeded: false);
                _logger.LogError(ex, "Reminder {Name} of {GrainId} failed for tick {Tick}.", entry.Name, entry.GrainId, status.CurrentTickTime);
                break;
            }
        }

        // The turn is over, so its place goes to the next due tick while this NextDue commits: the place bounds the
        // turns in flight (each may call a rail), not the table writes, and a settlement run no longer holds a place
        // through a third durable write after its own two. The grain stays in delivery until the write is done, so
        // its own next tick still waits for this NextDue (ticks of one grain stay in order, never overlapping).
        // One hold of the service's lock for both (every delivery of a cut-off takes it here, 256 at a time).
        Task<ReminderEntry?> persisted;
        bool startFlush;
        lock (_lock)
        {
            place.Value = false;
            _placesInUse--;
            DispatchLocked();
            persisted = QueueNextDueLocked(entry, entry with { NextDue = entry.NextDue + entry.Period }, out startFlush);
        }

        StartFlushIf(startFlush);
        await persisted;
    }

    /// <summary>
    /// Gives the delivery's place up for the pause (real time: the hint is about other nodes, not the engine's clock;
    /// the delivery stays counted, so a simulated clock's step waits for it), then waits for a free place.
    /// Returns false when the service stopped meanwhile (the place is then not held).
    /// </summary>
    private async Task<bool> PauseBeforeRetryAsync(TimeSpan pause)
    {
        lock (_lock)
        {
            _placesInUse--;
            DispatchLocked();
        }

        try
        {
            await Task.Delay(pause, _stopping.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        var place = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_stopped)
            {
                return false;
            }

            _placeWaiters.Enqueue(place);
            DispatchLocked();
        }

        return await place.Task;
    }

    /// <summary>Deliveries of one tick after "unavailable" failures (a failover takes a few lease periods).</summary>
    private const int MaxTransientRetries = 10;

    private static readonly TimeSpan MinTransientPause = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Why a failed delivery may be repeated, and after what pause: the grain (or one it called) unavailable, or its
    /// write refused as stale or fenced (here or on the node that ran it). Null for any other failure.
    /// </summary>
    private static (string Reason, TimeSpan Pause)? FindTransientFailure(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                case Placement.GrainUnavailableException unavailable:
                    return (unavailable.Message, unavailable.RetryAfter);
                case InconsistentStateException or FencedWriteException or EarlierWriteRefusedException:
                    return (ex.Message, MinTransientPause);
                case Placement.RemoteGrainException remote when IsRefusedWrite(remote.RemoteType):
                    return (remote.Message, MinTransientPause);
            }
        }

        return null;
    }

    private static bool IsRefusedWrite(string exceptionType) =>
        exceptionType == typeof(InconsistentStateException).FullName
        || exceptionType == typeof(FencedWriteException).FullName
        || exceptionType == typeof(EarlierWriteRefusedException).FullName;

    /// <summary>Drops a reminder whose shard moved to another node from memory (not from the table).</summary>
    private void ForgetMoved(ReminderEntry entry)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue((entry.GrainId, entry.Name), out var current) && ReferenceEquals(current, entry))
            {
                _entries.Remove((entry.GrainId, entry.Name));
                _schedule.Remove(entry);
            }
        }
    }

    /// <summary>
    /// Persists <paramref name="updated"/> unless the grain re-registered or removed the reminder meanwhile, together
    /// with the other deliveries' NextDue waiting at that moment (group commit: the first waiter writes, the ones
    /// arriving during its write go in the next batch). Returns the entry in force, or null when nothing was written.
    /// </summary>
    private Task<ReminderEntry?> PersistIfCurrentAsync(ReminderEntry current, ReminderEntry updated)
    {
        Task<ReminderEntry?> persisted;
        bool startFlush;
        lock (_lock)
        {
            persisted = QueueNextDueLocked(current, updated, out startFlush);
        }

        StartFlushIf(startFlush);
        return persisted;
    }

    /// <summary>Queues the NextDue write; <paramref name="startFlush"/> says whether the caller must start the flush.</summary>
    private Task<ReminderEntry?> QueueNextDueLocked(ReminderEntry current, ReminderEntry updated, out bool startFlush)
    {
        var write = new ReminderNextDueWrite(current, updated);
        _pendingWrites.Add(write);
        startFlush = !_flushing;
        _flushing = true;
        return write.Done.Task;
    }

    private void StartFlushIf(bool startFlush)
    {
        if (startFlush)
        {
            _ = Task.Run(FlushAsync);
        }
    }

    private async Task FlushAsync()
    {
        while (true)
        {
            List<ReminderNextDueWrite> batch;
            lock (_lock)
            {
                if (_pendingWrites.Count == 0)
                {
                    _flushing = false;
                    return;
                }

                batch = [.. _pendingWrites];
                _pendingWrites.Clear();
            }

            try
            {
                await WriteBatchAsync(batch);
            }
            catch (Exception ex)
            {
                foreach (var write in batch)
                {
                    write.Done.TrySetException(ex);
                }
            }
        }
    }

    /// <summary>
    /// Under the table write lock (so no registration or removal interleaves), writes the batch's entries that are
    /// still in force in one table call and puts them in force in memory. An entry refused by its fence is dropped
    /// from this node's memory: its shard has a newer owner, which delivers it from the table.
    /// </summary>
    private async Task WriteBatchAsync(List<ReminderNextDueWrite> batch)
    {
        await _writeLock.WaitAsync();
        try
        {
            var inForce = new List<ReminderNextDueWrite>(batch.Count);
            lock (_lock)
            {
                foreach (var write in batch)
                {
                    if (_entries.TryGetValue((write.Current.GrainId, write.Current.Name), out var stored) && ReferenceEquals(stored, write.Current))
                    {
                        inForce.Add(write);
                    }
                    else
                    {
                        write.Done.TrySetResult(null);
                    }
                }
            }

            if (inForce.Count == 0)
            {
                return;
            }

            // Fenced like grain state: a former owner woken from a pause cannot move a reminder it no longer owns.
            var refusals = await _table.UpsertManyAsync(
                inForce.ConvertAll(w => w.Updated with { Fence = _runtime.FenceFor(w.Updated.GrainId) }),
                CancellationToken.None);
            lock (_lock)
            {
                for (var i = 0; i < inForce.Count; i++)
                {
                    var write = inForce[i];
                    if (refusals[i] is null)
                    {
                        SetLocked(write.Updated);
                        continue;
                    }

                    _entries.Remove((write.Current.GrainId, write.Current.Name));
                    _schedule.Remove(write.Current);
                }
            }

            for (var i = 0; i < inForce.Count; i++)
            {
                if (refusals[i] is { } refused)
                {
                    _logger.LogWarning(refused, "Reminder {Name} of {GrainId}: NextDue refused by the shard fence; its new owner delivers it.", inForce[i].Current.Name, inForce[i].Current.GrainId);
                    inForce[i].Done.TrySetResult(null);
                }
                else
                {
                    inForce[i].Done.TrySetResult(inForce[i].Updated);
                }
            }
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
        if (_stopped || _timer is null)
        {
            return;
        }

        var next = NextCandidateLocked();
        if (next is null)
        {
            // Nothing waiting, or only ticks of grains in delivery: the end of each delivery dispatches again.
            DisarmLocked(_timer);
            return;
        }

        var now = Time.GetUtcNow();
        var wakeAt = next.NextDue > _pausedUntil ? next.NextDue : _pausedUntil;
        if (wakeAt <= now && _placesInUse >= _concurrency)
        {
            // Due but every place is taken: the end of a delivery dispatches it (a timer now would only spin).
            DisarmLocked(_timer);
            return;
        }

        var dueIn = wakeAt - now;
        dueIn = dueIn < TimeSpan.Zero ? TimeSpan.Zero : dueIn;

        // System timers reject due times beyond ~49 days; waking early just re-arms.
        _timer.Change(dueIn > MaxTimerDelay ? MaxTimerDelay : dueIn, Timeout.InfiniteTimeSpan);
        _timerDisarmed = false;
    }

    private void DisarmLocked(ITimer timer)
    {
        if (_timerDisarmed)
        {
            return;
        }

        timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timerDisarmed = true;
    }
}
