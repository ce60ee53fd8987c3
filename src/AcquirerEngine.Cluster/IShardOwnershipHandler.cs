using AcquirerEngine.Cluster.Placement;

namespace AcquirerEngine.Cluster;

/// <summary>
/// What the node's runtime does when ownership changes. Calls come from the node's one membership loop, never
/// concurrently with each other.
/// </summary>
public interface IShardOwnershipHandler
{
    /// <summary>
    /// The node now owns the shard at <paramref name="lease"/>'s epoch: its grains may activate, its reminders run. If
    /// this throws, it is called again for the same lease at each following round until it completes (the shard stays
    /// held meanwhile), so it must be safe to repeat.
    /// </summary>
    Task ShardAcquiredAsync(HeldLease lease, CancellationToken cancellationToken);

    /// <summary>
    /// Before a graceful hand-over: stop accepting calls for the shard and deactivate its grains (their state is
    /// durable). The lease is released only after this completes.
    /// </summary>
    Task ShardReleasingAsync(HeldLease lease, CancellationToken cancellationToken);

    /// <summary>
    /// The lease was lost without a hand-over (another node took it, or this node was declared dead): drop the
    /// shard's activations at once without writing; any write still in flight is refused by its epoch.
    /// </summary>
    Task ShardLostAsync(HeldLease lease, CancellationToken cancellationToken);
}
