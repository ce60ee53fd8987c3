using System.Collections.Concurrent;
using AcquirerEngine.Cluster.Placement;
using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Placement;
using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Cluster.Tests.Routing;

/// <summary>
/// A node's placement as a test sets it: grains of the shards it serves run here, every other one on "elsewhere".
/// Shards are served until <see cref="Stop"/>ped, as <see cref="ClusterNode"/> publishes a shard's move before telling
/// the ownership handler.
/// </summary>
public sealed class ServedShards(ShardMap shardMap) : IGrainPlacement
{
    private readonly ConcurrentDictionary<int, bool> _stopped = new();

    public void Stop(int shard) => _stopped[shard] = true;

    public void Serve(int shard) => _stopped.TryRemove(shard, out _);

    public GrainLocation Locate(GrainId grainId) =>
        _stopped.ContainsKey(shardMap.ShardOf(grainId)) ? GrainLocation.Remote("elsewhere") : GrainLocation.Local;

    public WriteFence? FenceFor(GrainId grainId) => null;
}
