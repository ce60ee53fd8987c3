using AcquirerEngine.Cluster.Placement;
using Xunit.Abstractions;

namespace AcquirerEngine.Cluster.Tests.Placement;

public sealed class ShardBalancerTests(ITestOutputHelper output)
{
    private const int Shards = 64;

    [Fact]
    public void Targets_split_evenly_and_the_oldest_members_take_the_remainder()
    {
        var targets = ShardBalancer.Targets(10, [new LiveMember(7, false), new LiveMember(3, false), new LiveMember(5, false)]);

        Assert.Equal(4, targets[3]);
        Assert.Equal(3, targets[5]);
        Assert.Equal(3, targets[7]);
    }

    [Fact]
    public void A_leaving_member_targets_nothing_and_hands_shards_back_even_when_nobody_is_short_yet()
    {
        var owners = Enumerable.Range(0, 4).Select(s => (long?)(s < 2 ? 1 : 2)).ToList();

        var plan = ShardBalancer.Plan(4, [new LiveMember(1, true), new LiveMember(2, false)], owners, self: 1, maxReleasesPerRound: 1);

        Assert.Empty(plan.Acquire);
        Assert.Single(plan.Release);
    }

    [Fact]
    public void A_node_that_is_not_a_live_member_plans_nothing()
    {
        var owners = Enumerable.Repeat<long?>(null, 4).ToList();

        var plan = ShardBalancer.Plan(4, [new LiveMember(2, false)], owners, self: 9, maxReleasesPerRound: 1);

        Assert.True(plan.IsEmpty);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void Starting_nodes_converge_on_every_shard_owned_once_at_its_target(int nodes)
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var cluster = new SimulatedCluster(Shards, new Random(seed));
        for (var i = 1; i <= nodes; i++)
        {
            cluster.Join(i);
        }

        cluster.RunUntilStable();

        cluster.AssertBalanced();
    }

    [Fact]
    public void A_joining_node_receives_its_share_gradually_and_no_shard_moves_twice()
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var cluster = new SimulatedCluster(Shards, new Random(seed));
        cluster.Join(1);
        cluster.Join(2);
        cluster.RunUntilStable();
        var before = cluster.Owners.ToArray();

        cluster.Join(3);
        var rounds = cluster.RunUntilStable();

        cluster.AssertBalanced();
        var moved = Enumerable.Range(0, Shards).Count(s => before[s] != cluster.Owners[s]);
        Assert.Equal(ShardBalancer.Targets(Shards, cluster.Members)[3], moved);
        Assert.Equal(moved, cluster.Handovers);
        Assert.True(rounds > 1, "with one release per node per round the handover takes several rounds");
    }

    [Fact]
    public void A_leaving_node_hands_everything_over_and_a_dead_nodes_shards_are_picked_up()
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var cluster = new SimulatedCluster(Shards, new Random(seed));
        cluster.Join(1);
        cluster.Join(2);
        cluster.Join(3);
        cluster.RunUntilStable();

        cluster.BeginLeaving(2);
        cluster.RunUntilStable();
        Assert.DoesNotContain(2L, cluster.Owners.Select(o => o ?? 0));
        cluster.Remove(2);
        cluster.Remove(3); // dies: its rows are simply no longer live
        cluster.RunUntilStable();

        cluster.AssertBalanced();
        Assert.All(cluster.Owners, o => Assert.Equal(1L, o));
    }

    /// <summary>Members applying their own plans against a shared owner table, in a seeded random order per round.</summary>
    private sealed class SimulatedCluster(int shards, Random random)
    {
        private readonly List<LiveMember> _members = [];

        public long?[] Owners { get; } = new long?[shards];

        public IReadOnlyCollection<LiveMember> Members => _members;

        public int Handovers { get; private set; }

        public void Join(long incarnation) => _members.Add(new LiveMember(incarnation, false));

        public void BeginLeaving(long incarnation)
        {
            var index = _members.FindIndex(m => m.Incarnation == incarnation);
            _members[index] = new LiveMember(incarnation, true);
        }

        public void Remove(long incarnation) => _members.RemoveAll(m => m.Incarnation == incarnation);

        public int RunUntilStable()
        {
            for (var round = 1; round <= 1000; round++)
            {
                var changed = false;
                foreach (var member in _members.OrderBy(_ => random.Next()).ToList())
                {
                    var plan = ShardBalancer.Plan(shards, _members, Owners, member.Incarnation, maxReleasesPerRound: 1);
                    foreach (var shard in plan.Release)
                    {
                        Assert.Equal(member.Incarnation, Owners[shard]);
                        Owners[shard] = null;
                        Handovers++;
                        changed = true;
                    }

                    foreach (var shard in plan.Acquire)
                    {
                        // The database's conditional update: only a free shard (or one whose owner is gone) is taken.
                        if (Owners[shard] is not { } owner || _members.All(m => m.Incarnation != owner))
                        {
                            Owners[shard] = member.Incarnation;
                            changed = true;
                        }
                    }
                }

                if (!changed)
                {
                    return round;
                }
            }

            throw new InvalidOperationException("placement did not converge in 1000 rounds");
        }

        public void AssertBalanced()
        {
            var targets = ShardBalancer.Targets(shards, _members);
            Assert.All(Owners, o => Assert.Contains(_members, m => m.Incarnation == o));
            foreach (var (incarnation, target) in targets)
            {
                Assert.Equal(target, Owners.Count(o => o == incarnation));
            }
        }
    }
}
