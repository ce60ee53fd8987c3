namespace AcquirerEngine.Cluster.Placement;

/// <summary>What one node should do in one rebalancing round: shards to try to take, shards to hand back.</summary>
public sealed record ShardPlan(IReadOnlyList<int> Acquire, IReadOnlyList<int> Release)
{
    public static readonly ShardPlan Nothing = new([], []);

    public bool IsEmpty => Acquire.Count == 0 && Release.Count == 0;
}
