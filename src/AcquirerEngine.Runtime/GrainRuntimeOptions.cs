using System.Text.Json;

namespace AcquirerEngine.Runtime;

/// <summary>
/// Every bound of the runtime is a named setting here, so nothing grows without limit by accident.
/// The runtime takes a copy when it is built; later changes to this object have no effect.
/// </summary>
public sealed class GrainRuntimeOptions
{
    /// <summary>
    /// Maximum calls one activation holds (running + queued). The call after that fails at once with
    /// <see cref="MailboxFullException"/>. Reminder ticks, timer ticks and deactivation are not counted:
    /// each source has at most one of them pending per activation.
    /// </summary>
    public int MailboxCapacity { get; set; } = 1000;

    /// <summary>An activation without calls or reminder ticks for this long is deactivated. Infinite disables it.</summary>
    public TimeSpan IdleDeactivationAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often idle activations are looked for.</summary>
    public TimeSpan IdleSweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Maximum activations in the process (including ones activating or deactivating). At the limit the least
    /// recently used idle activation is deactivated to make room; if none is idle the call fails with
    /// <see cref="ActivationLimitExceededException"/>.
    /// </summary>
    public int MaxActivations { get; set; } = 100_000;

    /// <summary>
    /// Maximum overdue ticks delivered for one reminder when it is found behind (e.g. after downtime).
    /// Older ticks beyond this are skipped with a warning; the most recent ones are delivered in order.
    /// </summary>
    public int ReminderMaxCatchUpTicks { get; set; } = 1000;

    /// <summary>
    /// Most reminder ticks in delivery at once, each to a different grain (a grain's own ticks are always delivered
    /// one after the other, in order). A delivery holds its place for its turn only: its NextDue is persisted after the
    /// place went to the next due tick (the grain's own next tick still waits for it), and the NextDue of the
    /// deliveries that finish together are written in one transaction. 1 = one tick at a time in (due time, grain id,
    /// name) order across all grains.
    /// </summary>
    /// <remarks>
    /// 256: a merchant's nightly run waits on commits in a row (its ledger, its rail's enqueue; a closed rail's acceptance
    /// too), so the runs in flight, not the CPU, bounded the cut-off window at 64 (docs/BENCHMARKS.md); the store's
    /// write queue (4,096) and a rail's mailbox (1,000) take 256 callers (the server refuses a value not below its
    /// mailbox capacity).
    /// </remarks>
    public int ReminderDeliveryConcurrency { get; set; } = 256;

    /// <summary>Smallest reminder period accepted, so a typo cannot make a reminder spin.</summary>
    public TimeSpan ReminderMinimumPeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A journaled grain (<see cref="JournaledGrain{TState}"/>) writes its full state on every
    /// SnapshotEvery-th write and otherwise only appends its journal records; activation replays the records
    /// after the last snapshot. 1 = a full state on every write. Bounds the replay at activation.
    /// </summary>
    public int SnapshotEvery { get; set; } = 64;

    /// <summary>Serializer settings for <see cref="Grain{TState}"/> state payloads.</summary>
    public JsonSerializerOptions JsonSerializerOptions { get; set; } = new(JsonSerializerDefaults.General);

    internal GrainRuntimeOptions Snapshot()
    {
        Validate();
        return new GrainRuntimeOptions
        {
            MailboxCapacity = MailboxCapacity,
            IdleDeactivationAfter = IdleDeactivationAfter,
            IdleSweepInterval = IdleSweepInterval,
            MaxActivations = MaxActivations,
            ReminderMaxCatchUpTicks = ReminderMaxCatchUpTicks,
            ReminderMinimumPeriod = ReminderMinimumPeriod,
            ReminderDeliveryConcurrency = ReminderDeliveryConcurrency,
            SnapshotEvery = SnapshotEvery,
            JsonSerializerOptions = JsonSerializerOptions,
        };
    }

    private void Validate()
    {
        if (MailboxCapacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MailboxCapacity), MailboxCapacity, "Must be at least 1.");
        }

        if (MaxActivations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxActivations), MaxActivations, "Must be at least 1.");
        }

        if (SnapshotEvery < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(SnapshotEvery), SnapshotEvery, "Must be at least 1 (1 = a full state on every write).");
        }

        if (ReminderMaxCatchUpTicks < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ReminderMaxCatchUpTicks), ReminderMaxCatchUpTicks, "Must be at least 1 (the tick due now).");
        }

        if (ReminderDeliveryConcurrency < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ReminderDeliveryConcurrency), ReminderDeliveryConcurrency, "Must be at least 1 (1 = one tick at a time).");
        }

        if (IdleDeactivationAfter <= TimeSpan.Zero && IdleDeactivationAfter != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(IdleDeactivationAfter), IdleDeactivationAfter, "Must be positive or infinite.");
        }

        if (IdleSweepInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(IdleSweepInterval), IdleSweepInterval, "Must be positive.");
        }

        if (ReminderMinimumPeriod <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ReminderMinimumPeriod), ReminderMinimumPeriod, "Must be positive.");
        }

        ArgumentNullException.ThrowIfNull(JsonSerializerOptions);
    }
}
