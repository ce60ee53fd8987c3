using AcquirerEngine.Cluster.Placement;
using AcquirerEngine.Runtime;

namespace AcquirerEngine.Cluster.Routing;

/// <summary>Moves a shard's grains and reminders in and out of this node's runtime as its leases come and go.</summary>
public sealed class RuntimeShardOwnershipHandler(GrainRuntime runtime, ShardMap shardMap) : IShardOwnershipHandler
{
    public Task ShardAcquiredAsync(HeldLease lease, CancellationToken cancellationToken) =>
        runtime.RefreshRemindersAsync(cancellationToken);

    public async Task ShardReleasingAsync(HeldLease lease, CancellationToken cancellationToken)
    {
        var inShard = InShard(lease);
        await runtime.DeactivateWhereAsync(inShard, DeactivationReasonCode.ShardHandover, $"shard {lease.Shard} handed over");

        // Only once the grains left: a hand-over that fails before keeps the shard here, and its reminders with it. The
        // shard's reminders leave memory so that, if it comes back, they are loaded from the table as its next owners
        // left them, not from this node's old copy.
        runtime.ForgetRemindersWhere(inShard);
    }

    public Task ShardLostAsync(HeldLease lease, CancellationToken cancellationToken)
    {
        var inShard = InShard(lease);
        runtime.ForgetRemindersWhere(inShard);
        return runtime.DeactivateWhereAsync(inShard, DeactivationReasonCode.ShardLost, $"shard {lease.Shard} lost at epoch {lease.Epoch}");
    }

    private Func<GrainId, bool> InShard(HeldLease lease) => grainId => shardMap.ShardOf(grainId) == lease.Shard;
}
