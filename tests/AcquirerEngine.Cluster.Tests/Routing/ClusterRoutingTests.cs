using AcquirerEngine.Contracts.Cluster.V1;
using AcquirerEngine.Grpc;
using AcquirerEngine.Runtime.InMemory;
using AcquirerEngine.Runtime.Placement;

namespace AcquirerEngine.Cluster.Tests.Routing;

/// <summary>Nodes in this process with real Kestrel endpoints and a real PostgreSQL for leases, each test on its own database.</summary>
public sealed class ClusterRoutingTests : IAsyncLifetime
{
    private const int Shards = 12;

    private readonly InMemoryGrainStorage _storage = new();
    private readonly InMemoryReminderTable _reminders = new();
    private OwnDatabase _database = null!;

    public async Task InitializeAsync() => _database = await OwnDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Calls_entering_any_node_run_on_the_node_that_owns_the_grains_shard()
    {
        var nodes = await StartAsync("a", "b", "c");
        var keys = Enumerable.Range(0, 40).Select(i => $"merchant-{i}").ToList();

        foreach (var entry in nodes)
        {
            foreach (var key in keys)
            {
                var result = await entry.Grains.GetGrain<ITallyGrain>(key).AddAsync(1);
                var owner = nodes.Single(n => n.Membership.Serves(n.Membership.ShardMap.ShardOf(key)));
                Assert.Equal(owner.Name, result.Node);
            }
        }

        foreach (var key in keys)
        {
            Assert.Equal(4, (await nodes[0].Grains.GetGrain<ITallyGrain>(key).AddAsync(1)).Total);
        }

        Assert.Equal(keys.Count, nodes.Sum(n => n.Runtime.ActiveActivationCount));
    }

    [Fact]
    public async Task A_grains_failure_on_its_node_reaches_the_caller_with_its_type_and_message()
    {
        var nodes = await StartAsync("a", "b");
        var remoteKey = Enumerable.Range(0, 100).Select(i => $"k{i}").First(k => nodes[1].Membership.Serves(nodes[1].Membership.ShardMap.ShardOf(k)));

        var error = await Assert.ThrowsAsync<RemoteGrainException>(() => nodes[0].Grains.GetGrain<ITallyGrain>(remoteKey).FailAsync("no such account"));

        Assert.Equal(typeof(InvalidOperationException).FullName, error.RemoteType);
        Assert.Contains("no such account", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_node_to_node_service_refuses_a_caller_without_the_node_token()
    {
        var nodes = await StartAsync("a");
        using var client = new GrpcClient(new Uri("http://" + nodes[0].Address));
        var method = GrpcServiceDescriptors.FindMethod<InvokeGrainRequest, InvokeGrainResponse>(GrpcServiceDescriptors.ClusterService);

        var error = await Assert.ThrowsAsync<RpcException>(() => client.UnaryAsync<InvokeGrainRequest, InvokeGrainResponse>(
            method,
            new InvokeGrainRequest { GrainType = "tally", GrainKey = "x", Method = "m", ArgumentsJson = Google.Protobuf.ByteString.CopyFromUtf8("[]") },
            new CallOptions { Headers = new Metadata { { "authorization", "Bearer wrong" } } }));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task Calls_keep_succeeding_while_a_node_leaves_gracefully_and_no_update_is_lost()
    {
        var nodes = await StartAsync("a", "b", "c");
        var keys = Enumerable.Range(0, 24).Select(i => $"t{i}").ToList();
        var expected = keys.ToDictionary(k => k, _ => 0);
        using var stop = new CancellationTokenSource();
        var retries = 0;

        // Traffic enters at a; b leaves meanwhile; a and c keep running rounds so the shards find new owners.
        var traffic = Task.Run(async () =>
        {
            var round = 0;
            while (!stop.IsCancellationRequested || round < 3)
            {
                foreach (var key in keys)
                {
                    while (true)
                    {
                        try
                        {
                            await nodes[0].Grains.GetGrain<ITallyGrain>(key).AddAsync(1);
                            expected[key]++;
                            break;
                        }
                        catch (GrainUnavailableException)
                        {
                            Interlocked.Increment(ref retries); // nothing ran: the same call is safe to repeat
                            await Task.Delay(50);
                        }
                    }
                }

                round++;
            }
        });
        var rounds = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await nodes[0].Membership.RunRoundAsync(CancellationToken.None);
                await nodes[2].Membership.RunRoundAsync(CancellationToken.None);
                await Task.Delay(100);
            }
        });

        await Task.Delay(300);
        await nodes[1].Membership.LeaveAsync(CancellationToken.None);
        await Task.Delay(1500);
        await stop.CancelAsync();
        await Task.WhenAll(traffic, rounds);

        Assert.Empty(nodes[1].Membership.OwnedShards);
        Assert.Equal(Shards, nodes[0].Membership.OwnedShards.Count + nodes[2].Membership.OwnedShards.Count);
        foreach (var key in keys)
        {
            var result = await nodes[2].Grains.GetGrain<ITallyGrain>(key).AddAsync(0);
            Assert.Equal(expected[key], result.Total);
            Assert.NotEqual("b", result.Node);
        }
    }

    private async Task<List<RoutedNode>> StartAsync(params string[] names)
    {
        var started = new List<RoutedNode>();
        foreach (var name in names)
        {
            var node = _database.Own(await RoutedNode.StartAsync(name, _database.DataSource, _storage, _reminders, Shards));
            started.Add(node);
        }

        // Rounds until every shard has an owner and every node has seen the final directory.
        for (var round = 0; round < 20; round++)
        {
            foreach (var node in started)
            {
                await node.Membership.RunRoundAsync(CancellationToken.None);
            }
        }

        Assert.Equal(Shards, started.Sum(n => n.Membership.OwnedShards.Count));
        return started;
    }
}
