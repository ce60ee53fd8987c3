namespace AcquirerEngine.Cluster.Placement;

/// <summary>
/// One shard's lease as the database holds it. <paramref name="Epoch"/> grows by one at every change of owner and is
/// the fencing token writes carry; <paramref name="OwnerIncarnation"/> is null when the shard is free.
/// <paramref name="Expired"/> is judged by the database's clock when read.
/// </summary>
public sealed record ShardLease(int Shard, long? OwnerIncarnation, long Epoch, DateTimeOffset? ExpiresAt, bool Expired);
