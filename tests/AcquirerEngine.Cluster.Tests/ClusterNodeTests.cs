using AcquirerEngine.Cluster.Membership;
using AcquirerEngine.Cluster.Placement;
using Npgsql;

namespace AcquirerEngine.Cluster.Tests;

/// <summary>
/// Several nodes in one process against a real PostgreSQL, each test on its own database. Rounds are driven by the
/// test (no background loop), so the order of events is the test's; leases and deadlines run on the database clock.
/// </summary>
public sealed class ClusterNodeTests : IAsyncLifetime
{
    private const int Shards = 16;
    private static readonly TimeSpan Heartbeat = TimeSpan.FromMilliseconds(100);
    // Long enough that a slow round on a loaded CI machine never lets a live lease run out by accident.
    private static readonly TimeSpan DeadAfter = TimeSpan.FromMilliseconds(1500);

    private readonly OwnershipLog _log = new();
    private OwnDatabase _database = null!;
    private int _nodeCount;

    private NpgsqlDataSource DataSource => _database.DataSource;

    public async Task InitializeAsync() => _database = await OwnDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Three_nodes_own_every_shard_exactly_once_and_evenly()
    {
        var nodes = await JoinAsync("a", "b", "c");

        await RunUntilStableAsync(nodes);

        var leases = await new PostgresShardLeaseTable(DataSource).ReadAllAsync(CancellationToken.None);
        Assert.Equal(Shards, leases.Count);
        Assert.All(leases, l => Assert.Contains(nodes, n => n.Self.Incarnation == l.OwnerIncarnation));
        Assert.Equal([5, 5, 6], nodes.Select(n => leases.Count(l => l.OwnerIncarnation == n.Self.Incarnation)).Order());
        foreach (var node in nodes)
        {
            Assert.All(node.OwnedShards, s => Assert.Equal(leases[s].Epoch, node.EpochOf(s)));
        }
    }

    [Fact]
    public async Task A_crashed_nodes_shards_are_owned_again_at_higher_epochs()
    {
        var nodes = await JoinAsync("a", "b", "c");
        await RunUntilStableAsync(nodes);
        var crashed = nodes[2];
        var before = (await new PostgresShardLeaseTable(DataSource).ReadAllAsync(CancellationToken.None))
            .Where(l => l.OwnerIncarnation == crashed.Self.Incarnation).ToList();

        await crashed.DisposeAsync(); // goes silent, as after kill -9
        var survivors = nodes.Take(2).ToList();
        await RunUntilAsync(survivors, async () => (await OwnersAsync()).All(o => survivors.Any(n => n.Self.Incarnation == o)));

        var after = await new PostgresShardLeaseTable(DataSource).ReadAllAsync(CancellationToken.None);
        Assert.All(before, b => Assert.True(after[b.Shard].Epoch > b.Epoch, $"shard {b.Shard} epoch {after[b.Shard].Epoch} <= {b.Epoch}"));
        var members = await new PostgresMembershipTable(DataSource).ReadAllAsync(CancellationToken.None);
        Assert.Equal(MemberStatus.Dead, members.Single(m => m.Incarnation == crashed.Self.Incarnation).Status);
    }

    [Fact]
    public async Task A_paused_node_that_resumes_after_its_shards_moved_learns_it_lost_them_and_is_no_longer_a_member()
    {
        var nodes = await JoinAsync("a", "b", "c");
        await RunUntilStableAsync(nodes);
        var paused = nodes[2];
        var heldBeforePause = paused.OwnedShards.ToDictionary(s => s, s => paused.EpochOf(s)!.Value);
        Assert.NotEmpty(heldBeforePause);

        var others = nodes.Take(2).ToList();
        await RunUntilAsync(others, async () => (await OwnersAsync()).All(o => others.Any(n => n.Self.Incarnation == o)));
        await paused.RunRoundAsync(CancellationToken.None); // resumes

        Assert.False(paused.IsMember);
        Assert.Empty(paused.OwnedShards);
        Assert.All(heldBeforePause.Keys, s => Assert.Contains(_log.Entries, e => e.Node == "c" && e.Change == "lost" && e.Lease.Shard == s));
        var leases = await new PostgresShardLeaseTable(DataSource).ReadAllAsync(CancellationToken.None);
        Assert.All(heldBeforePause, h => Assert.True(leases[h.Key].Epoch > h.Value));
    }

    [Fact]
    public async Task A_leaving_node_hands_each_shard_over_before_anyone_else_takes_it()
    {
        var nodes = await JoinAsync("a", "b", "c");
        await RunUntilStableAsync(nodes);
        var leaving = nodes[1];
        var handedOver = leaving.OwnedShards.ToList();

        await leaving.LeaveAsync(CancellationToken.None);
        var stayers = new[] { nodes[0], nodes[2] };
        await RunUntilStableAsync(stayers);

        var entries = _log.Entries.ToList();
        foreach (var shard in handedOver)
        {
            var released = entries.FindIndex(e => e.Node == "b" && e.Change == "releasing" && e.Lease.Shard == shard);
            var taken = entries.FindLastIndex(e => e.Node != "b" && e.Change == "acquired" && e.Lease.Shard == shard);
            Assert.True(released >= 0 && taken > released, $"shard {shard}: released at {released}, taken at {taken}");
        }

        Assert.Equal([8, 8], stayers.Select(n => n.OwnedShards.Count).Order());
        Assert.DoesNotContain(_log.Entries, e => e.Change == "lost");
    }

    [Fact]
    public async Task A_joining_node_receives_its_share_a_few_shards_per_round()
    {
        var nodes = await JoinAsync("a", "b");
        await RunUntilStableAsync(nodes);

        var joiner = (await JoinAsync("c"))[0];
        var all = new[] { nodes[0], nodes[1], joiner };
        var rounds = await RunUntilStableAsync(all);

        Assert.Equal([5, 5, 6], all.Select(n => n.OwnedShards.Count).Order());
        Assert.True(rounds > 1, "a handover of 5 shards at 2 per node per round takes more than one round");
        Assert.DoesNotContain(_log.Entries, e => e.Change == "lost");
    }

    private async Task<List<ClusterNode>> JoinAsync(params string[] names)
    {
        var joined = new List<ClusterNode>();
        foreach (var name in names)
        {
            joined.Add(await JoinAsync(name, _log.For(name)));
        }

        return joined;
    }

    private async Task<ClusterNode> JoinAsync(string name, IShardOwnershipHandler handler)
    {
        var node = new ClusterNode(DataSource, new ClusterNodeOptions
        {
            NodeId = name,
            Address = $"127.0.0.1:{7000 + _nodeCount++}",
            ShardCount = Shards,
            HeartbeatInterval = Heartbeat,
            DeadAfter = DeadAfter,
            LeaseDuration = DeadAfter,
            MaxReleasesPerRound = 2,
        }, handler);
        await node.JoinAsync(CancellationToken.None);
        _database.Own(node);
        return node;
    }

    [Fact]
    public async Task A_shard_whose_acquisition_the_runtime_failed_to_take_in_is_announced_again_at_the_next_round()
    {
        var handler = new FailingAcquisitionHandler(_log.For("a"));
        var node = await JoinAsync("a", handler);

        await Assert.ThrowsAsync<InvalidOperationException>(() => node.RunRoundAsync(CancellationToken.None));
        var failed = Assert.NotNull(handler.Failed);
        Assert.True(node.Serves(failed.Shard), "the lease is held: the shard is served, so its reminders must be loaded too");
        await RunUntilStableAsync([node]);

        // Every shard reached the runtime exactly once, the failed one included (its reminders are loaded).
        Assert.Equal(Enumerable.Range(0, Shards), _log.Entries.Where(e => e.Change == "acquired").Select(e => e.Lease.Shard).Order());
        Assert.Contains(("a", "acquired", failed), _log.Entries);
    }

    private async Task<IReadOnlyList<long?>> OwnersAsync() =>
        (await new PostgresShardLeaseTable(DataSource).ReadAllAsync(CancellationToken.None)).Select(l => l.Expired ? null : l.OwnerIncarnation).ToList();

    /// <summary>Runs rounds of every node until two whole rounds change nothing; returns the rounds that changed something.</summary>
    private async Task<int> RunUntilStableAsync(IReadOnlyList<ClusterNode> nodes)
    {
        var changing = 0;
        var quiet = 0;
        for (var round = 0; round < 200 && quiet < 2; round++)
        {
            var before = await OwnersAsync();
            foreach (var node in nodes)
            {
                await node.RunRoundAsync(CancellationToken.None);
            }

            if ((await OwnersAsync()).SequenceEqual(before))
            {
                quiet++;
            }
            else
            {
                changing++;
                quiet = 0;
            }
        }

        Assert.Equal(2, quiet);
        return changing;
    }

    /// <summary>Runs rounds of the given nodes, a heartbeat apart, until the condition holds (bounded).</summary>
    private static async Task RunUntilAsync(IReadOnlyList<ClusterNode> nodes, Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the cluster did not reach the expected ownership in 20 s");
            foreach (var node in nodes)
            {
                await node.RunRoundAsync(CancellationToken.None);
            }

            await Task.Delay(Heartbeat);
        }
    }
}
