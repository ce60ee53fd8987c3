using System.Collections.Concurrent;
using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Runtime.Tests.TestGrains;

/// <summary>Shared, thread-safe record of what test grains observed; outlives activations.</summary>
public sealed class GrainProbe
{
    private readonly ConcurrentQueue<string> _events = new();
    private readonly ConcurrentQueue<(GrainId GrainId, DeactivationReasonCode Reason)> _deactivations = new();
    private readonly ConcurrentQueue<ReminderTick> _reminderTicks = new();
    private readonly ConcurrentQueue<(string Key, DateTimeOffset At)> _timerTicks = new();
    private int _activations;
    private int _overlaps;

    public IReminderTable? ReminderTable { get; set; }

    /// <summary>Awaited by <see cref="ReminderGrain"/> (key, reminder name) before it records a tick; may block or throw.</summary>
    public Func<string, string, Task>? BeforeReminderTick { get; set; }

    public IReadOnlyList<string> Events => [.. _events];

    public IReadOnlyList<(GrainId GrainId, DeactivationReasonCode Reason)> Deactivations => [.. _deactivations];

    public IReadOnlyList<ReminderTick> ReminderTicks => [.. _reminderTicks];

    public IReadOnlyList<(string Key, DateTimeOffset At)> TimerTicks => [.. _timerTicks];

    public int Activations => Volatile.Read(ref _activations);

    public int Overlaps => Volatile.Read(ref _overlaps);

    public void Record(string e) => _events.Enqueue(e);

    public void Activated() => Interlocked.Increment(ref _activations);

    public void Overlapped() => Interlocked.Increment(ref _overlaps);

    public void Deactivated(GrainId grainId, DeactivationReason reason) => _deactivations.Enqueue((grainId, reason.ReasonCode));

    public void ReminderTicked(ReminderTick tick) => _reminderTicks.Enqueue(tick);

    public void TimerTicked(string key, DateTimeOffset at) => _timerTicks.Enqueue((key, at));
}
