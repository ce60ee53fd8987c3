namespace AcquirerEngine.Domain.Payouts;

/// <summary>
/// The queue-age SLA of a payout rail: the queue is "older than its SLA" from the moment its oldest payout
/// has waited the SLA (inclusive, so a wake-up set for the deadline sees the breach).
/// </summary>
public static class QueueAge
{
    public static DateTime Deadline(DateTime oldestQueuedLocal, TimeSpan sla)
    {
        Invariant.Require(sla > TimeSpan.Zero, "a queue SLA must be positive");
        return oldestQueuedLocal + sla;
    }

    public static bool IsBreached(DateTime oldestQueuedLocal, DateTime nowLocal, TimeSpan sla) =>
        nowLocal >= Deadline(oldestQueuedLocal, sla);
}
