namespace AcquirerEngine.Runtime.Storage;

/// <summary>
/// The fencing token a clustered node's write carries: the shard of the grain and the lease epoch this node holds
/// it at. A store that knows the leases refuses the write when the shard's epoch has moved on (another node owns it).
/// </summary>
public readonly record struct WriteFence(int Shard, long Epoch);
