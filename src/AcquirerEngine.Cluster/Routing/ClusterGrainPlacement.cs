using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Placement;
using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Cluster.Routing;

/// <summary>
/// Grain placement from the shard leases: a grain runs where its shard's lease is held. Read without locks on every
/// call from the node's last published view; a view that is behind is corrected by the owner forwarding the call.
/// </summary>
public sealed class ClusterGrainPlacement(ClusterNode node, string selfAddress) : IGrainPlacement
{
    public GrainLocation Locate(GrainId grainId)
    {
        var shard = node.ShardMap.ShardOf(grainId);
        if (node.Serves(shard))
        {
            return GrainLocation.Local;
        }

        // This node's own address without serving the shard means it is handing the shard over (or just lost it):
        // wait for the next owner rather than calling ourselves.
        return node.OwnerAddressOf(shard) is { } owner && owner != selfAddress ? GrainLocation.Remote(owner) : GrainLocation.Unowned;
    }

    /// <summary>
    /// The epoch this node holds the grain's shard at; a shard it no longer holds gets epoch -1, which no lease has,
    /// so a write from a grain that outlived its shard is refused by the database rather than trusted.
    /// </summary>
    public WriteFence? FenceFor(GrainId grainId)
    {
        var shard = node.ShardMap.ShardOf(grainId);
        return new WriteFence(shard, node.EpochOf(shard) ?? -1);
    }
}
