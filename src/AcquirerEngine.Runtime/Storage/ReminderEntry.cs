namespace AcquirerEngine.Runtime.Storage;

/// <summary>
/// A durable reminder: <paramref name="NextDue"/> is the next tick not yet delivered;
/// <paramref name="FirstTick"/> anchors the schedule so catch-up after downtime delivers each missed tick.
/// </summary>
public sealed record ReminderEntry(
    GrainId GrainId,
    string Name,
    DateTimeOffset FirstTick,
    TimeSpan Period,
    DateTimeOffset NextDue);
