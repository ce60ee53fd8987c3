using AcquirerEngine.Cluster.Placement;
using AcquirerEngine.Runtime;

namespace AcquirerEngine.Cluster.Routing;

/// <summary>Moves a shard's grains and reminders in and out of this node's runtime as its leases come and go.</summary>
public sealed class RuntimeShardOwnershipHandler(GrainRuntime runtime, ShardMap shardMap) : IShardOwnershipHandler
{
    public Task ShardAcquiredAsync(HeldLease lease, CancellationToken cancellationToken) =>
        runtime.RefreshRemindersAsync(cancellationToken);

    public Task ShardReleasingAsync(HeldLease lease, CancellationToken cancellationToken) =>
        runtime.DeactivateWhereAsync(g => shardMap.ShardOf(g) == lease.Shard, DeactivationReasonCode.ShardHandover, $"shard {lease.Shard} handed over");

    public Task ShardLostAsync(HeldLease lease, CancellationToken cancellationToken) =>
        runtime.DeactivateWhereAsync(g => shardMap.ShardOf(g) == lease.Shard, DeactivationReasonCode.ShardLost, $"shard {lease.Shard} lost at epoch {lease.Epoch}");
}
