using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Placement;

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
}
