namespace AcquirerEngine.Cluster.Placement;

/// <summary>A lease this node holds: the shard and the epoch its writes must carry.</summary>
public readonly record struct HeldLease(int Shard, long Epoch);
