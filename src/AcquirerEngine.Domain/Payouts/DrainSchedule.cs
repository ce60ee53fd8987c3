using AcquirerEngine.Domain.Channels;

namespace AcquirerEngine.Domain.Payouts;

/// <summary>
/// When a rail with a non-empty queue must next wake up, so it never ticks through a closure: the next
/// allowed drain while open; the next opening while closed (hours, holiday or maintenance); the SLA deadline
/// of the oldest queued payout if no alert was raised for this episode yet; whichever comes first. With
/// no opening within the search horizon it re-checks after <paramref name="recheckWhenNoOpening"/>.
/// Null when there is nothing queued.
/// </summary>
public static class DrainSchedule
{
    public static DateTime? NextWake(
        DrainPlan plan,
        ChannelConfig config,
        ChannelStatus status,
        DateTime nowLocal,
        DateTime? lastDrainLocal,
        DateTime? oldestQueuedLocal,
        bool slaAlertRaised,
        TimeSpan recheckWhenNoOpening)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(status);
        Invariant.Require(recheckWhenNoOpening > TimeSpan.Zero, "the re-check delay must be positive");
        if (oldestQueuedLocal is not { } oldest)
        {
            return null;
        }

        var earliest = DrainPacing.EarliestNextDrain(plan, nowLocal, lastDrainLocal);
        DateTime drain;
        if (status.IsOpen)
        {
            drain = DrainPacing.AlignToDrain(plan, earliest);
        }
        else if (status.NextOpening is { } opening)
        {
            drain = DrainPacing.AlignToDrain(plan, opening > earliest ? opening : earliest);
        }
        else
        {
            drain = nowLocal + recheckWhenNoOpening;
        }

        if (slaAlertRaised)
        {
            return drain;
        }

        var deadline = QueueAge.Deadline(oldest, config.QueueSla);
        deadline = deadline < nowLocal ? nowLocal : deadline;
        return deadline < drain ? deadline : drain;
    }
}
