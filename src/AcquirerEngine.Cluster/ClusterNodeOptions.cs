namespace AcquirerEngine.Cluster;

/// <summary>One node's cluster settings. The timing rule: leases last <see cref="LeaseDuration"/> and are renewed every
/// heartbeat, so a node that stops (crash, SIGSTOP, partition) loses its shards at most LeaseDuration after its last
/// renewal, and another node takes them at its next round.</summary>
public sealed class ClusterNodeOptions
{
    public required string NodeId { get; init; }

    /// <summary>Where other nodes reach this one (host:port of its internal gRPC endpoint).</summary>
    public required string Address { get; init; }

    /// <summary>Fixed for the life of the database (refused at start if it differs).</summary>
    public int ShardCount { get; init; } = 256;

    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan DeadAfter { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How many shards above its share a node hands back per round (gradual rebalancing).</summary>
    public int MaxReleasesPerRound { get; init; } = 4;

    /// <summary>Throws naming the setting when the combination cannot work.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(NodeId);
        ArgumentException.ThrowIfNullOrWhiteSpace(Address);
        if (ShardCount <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ShardCount), ShardCount, "ShardCount must be positive.");
        }

        if (MaxReleasesPerRound <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxReleasesPerRound), MaxReleasesPerRound, "MaxReleasesPerRound must be positive.");
        }

        new Membership.MembershipOptions { HeartbeatInterval = HeartbeatInterval, DeadAfter = DeadAfter }.Validate();
        if (LeaseDuration < HeartbeatInterval * 2)
        {
            throw new ArgumentOutOfRangeException(
                nameof(LeaseDuration), LeaseDuration, "LeaseDuration must be at least two heartbeat intervals, or one late renewal loses the shards.");
        }
    }
}
