namespace AcquirerEngine.Cluster.Placement;

/// <summary>
/// The placement rule, pure so every node computes the same answer from the same table: active members share the
/// shards evenly (the oldest incarnations take the remainder), a leaving member's share is zero. Each node plans only
/// its own moves: take free shards up to its share, and hand back at most <c>maxReleasesPerRound</c> shards above its
/// share while another member is below its share, so a joining node receives shards gradually and the cluster never
/// has more shards in handover than that bound per node.
/// </summary>
public static class ShardBalancer
{
    /// <summary>Each active member's target shard count, by incarnation.</summary>
    public static IReadOnlyDictionary<long, int> Targets(int shardCount, IReadOnlyCollection<LiveMember> members)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shardCount);
        ArgumentNullException.ThrowIfNull(members);
        var targets = new Dictionary<long, int>();
        var active = members.Where(m => !m.Leaving).Select(m => m.Incarnation).Order().ToList();
        foreach (var leaving in members.Where(m => m.Leaving))
        {
            targets[leaving.Incarnation] = 0;
        }

        if (active.Count == 0)
        {
            return targets;
        }

        var share = shardCount / active.Count;
        var remainder = shardCount % active.Count;
        for (var i = 0; i < active.Count; i++)
        {
            targets[active[i]] = share + (i < remainder ? 1 : 0);
        }

        return targets;
    }

    /// <summary>
    /// The next moves of member <paramref name="self"/>. <paramref name="owners"/> holds, per shard number, the owning
    /// incarnation or null; an owner that is not among <paramref name="members"/> counts as no owner (its node is gone).
    /// </summary>
    public static ShardPlan Plan(
        int shardCount,
        IReadOnlyCollection<LiveMember> members,
        IReadOnlyList<long?> owners,
        long self,
        int maxReleasesPerRound)
    {
        ArgumentNullException.ThrowIfNull(owners);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxReleasesPerRound);
        if (owners.Count != shardCount)
        {
            throw new ArgumentException($"Expected {shardCount} shard owners, got {owners.Count}.", nameof(owners));
        }

        var targets = Targets(shardCount, members);
        if (!targets.TryGetValue(self, out var target))
        {
            return ShardPlan.Nothing; // not a live member: it must not take anything
        }

        var live = members.Select(m => m.Incarnation).ToHashSet();
        var owned = new List<int>();
        var free = new List<int>();
        var counts = live.ToDictionary(i => i, _ => 0);
        for (var shard = 0; shard < shardCount; shard++)
        {
            if (owners[shard] is { } owner && live.Contains(owner))
            {
                counts[owner]++;
                if (owner == self)
                {
                    owned.Add(shard);
                }
            }
            else
            {
                free.Add(shard);
            }
        }

        if (owned.Count < target)
        {
            // Start looking at a point that depends on the member, so members filling up at once rarely race.
            var start = free.Count == 0 ? 0 : (int)(self % free.Count);
            var acquire = free.Skip(start).Concat(free.Take(start)).Take(target - owned.Count).ToList();
            return new ShardPlan(acquire, []);
        }

        var excess = owned.Count - target;
        var someoneShort = counts.Any(c => c.Key != self && c.Value < targets[c.Key]);
        if (excess > 0 && someoneShort)
        {
            var release = owned.OrderDescending().Take(Math.Min(excess, maxReleasesPerRound)).ToList();
            return new ShardPlan([], release);
        }

        return ShardPlan.Nothing;
    }
}
