namespace AcquirerEngine.Cluster.Membership;

/// <summary>
/// The failure-detection rule: a member whose last heartbeat (database clock) is older than <see cref="DeadAfter"/>
/// is declared dead by any live member. <see cref="DeadAfter"/> must cover several heartbeats, so one slow beat
/// (a GC pause, a slow commit) does not kill a healthy node.
/// </summary>
public sealed class MembershipOptions
{
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan DeadAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Throws naming the setting when the rule cannot work.</summary>
    public void Validate()
    {
        if (HeartbeatInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(HeartbeatInterval), HeartbeatInterval, "HeartbeatInterval must be positive.");
        }

        if (DeadAfter < HeartbeatInterval * 2)
        {
            throw new ArgumentOutOfRangeException(
                nameof(DeadAfter), DeadAfter, "DeadAfter must be at least two heartbeat intervals, or one late beat declares a live node dead.");
        }
    }
}
