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
    DateTimeOffset NextDue)
{
    /// <summary>Set in a cluster when writing: the store refuses the write unless the grain's shard epoch is current.</summary>
    public WriteFence? Fence { get; init; }
}
