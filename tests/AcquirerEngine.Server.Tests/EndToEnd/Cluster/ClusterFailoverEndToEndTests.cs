using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Grpc;
using AcquirerEngine.Testing;

namespace AcquirerEngine.Server.Tests.EndToEnd.Cluster;

/// <summary>Fencing of a paused node, and graceful join and leave under load, on engine processes.</summary>
public sealed class ClusterFailoverEndToEndTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task A_node_frozen_past_its_lease_is_refused_by_the_database_when_it_wakes_and_then_leaves()
    {
        await using var cluster = await EngineCluster.StartAsync(await database.CreateExtraDatabaseAsync(), "a", "b");
        await cluster.WaitUntilOwnedByAsync(TimeSpan.FromSeconds(30), "a", "b");
        using var a = new EngineClients(cluster.Nodes["a"].Address);
        using var b = new EngineClients(cluster.Nodes["b"].Address);
        var trading = new ClusterTrading(merchants: 4, terminalsPerMerchant: 4);
        await trading.OnboardAsync([a]);

        // b's terminals sell once through b, so their grains are active on b with their state in memory.
        var owners = await cluster.OwnersAsync();
        var onB = trading.Terminals.Where(t => owners[cluster.ShardMap.ShardOf(t)] == "b").ToList();
        Assert.NotEmpty(onB);
        foreach (var terminalId in onB)
        {
            Assert.Equal(SaleResult.Approved, (await b.Terminal.SaleAsync(trading.Sale(terminalId, 1))).Result);
        }

        var epochs = await cluster.EpochsAsync();
        await cluster.Nodes["b"].SignalAsync("STOP");
        await cluster.WaitUntilOwnedByAsync(TimeSpan.FromSeconds(20), "a");

        // Sent while b is frozen: the requests wait in b's socket and are the first thing it serves when it wakes,
        // still believing it owns those terminals. Its writes carry the old epochs.
        var whileFrozen = onB.Select(t => Outcome(b.Terminal.SaleAsync(trading.Sale(t, 2), new CallOptions { Timeout = TimeSpan.FromSeconds(30) }))).ToList();
        await Task.Delay(300);
        await cluster.Nodes["b"].SignalAsync("CONT");
        var outcomes = await Task.WhenAll(whileFrozen);

        var refused = outcomes.Count(o => o.Status == StatusCode.Unavailable);
        Assert.True(refused > 0, $"every sale b served after waking was answered: [{string.Join(", ", outcomes.Select(o => o.Status))}]\n{cluster.Nodes["b"].Output}");
        Assert.All(outcomes, o => Assert.True(o.Status is StatusCode.OK or StatusCode.Unavailable, $"{o.Status}: {o.Detail}"));
        Assert.Contains(outcomes, o => o.Detail.Contains("moved to another node", StringComparison.Ordinal));
        var after = await cluster.EpochsAsync();
        Assert.All(onB, t => Assert.True(after[cluster.ShardMap.ShardOf(t)] > epochs[cluster.ShardMap.ShardOf(t)]));

        // The terminals retry through a: each sale is there exactly once, whatever b said.
        foreach (var terminalId in onB)
        {
            Assert.Equal(SaleResult.Approved, (await a.Terminal.SaleAsync(trading.Sale(terminalId, 2))).Result);
            var stans = new List<uint>();
            await foreach (var transaction in a.Terminal.ListBatchTransactionsAsync(new ListBatchTransactionsRequest
            {
                MerchantId = trading.MerchantOf(terminalId), TerminalId = terminalId, BatchNo = trading.Sale(terminalId, 1).BatchNo,
            }))
            {
                stans.Add(transaction.Stan);
            }

            Assert.Equal([1u, 2u], stans.Order());
        }

        // Declared dead while frozen, b stops by itself (a supervisor would restart it as a new incarnation).
        await cluster.Nodes["b"].WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("declared this node dead", cluster.Nodes["b"].Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_joining_and_another_leaving_under_load_cost_no_sale_beyond_retries()
    {
        await using var cluster = await EngineCluster.StartAsync(await database.CreateExtraDatabaseAsync(), "a", "b");
        await cluster.WaitUntilOwnedByAsync(TimeSpan.FromSeconds(30), "a", "b");
        var clients = new Dictionary<string, EngineClients>
        {
            ["a"] = new(cluster.Nodes["a"].Address),
            ["b"] = new(cluster.Nodes["b"].Address),
        };
        try
        {
            var trading = new ClusterTrading(merchants: 6, terminalsPerMerchant: 3);
            await trading.OnboardAsync([.. clients.Values]);
            var serving = new HashSet<string> { "a", "b" };
            EngineClients? Entry(string id)
            {
                lock (serving)
                {
                    return serving.Contains(id) ? clients[id] : null;
                }
            }

            var load = trading.SellAsync([() => Entry("a"), () => Entry("b"), () => Entry("c")], salesPerTerminal: 60, parallelism: 12);
            await WaitForAsync(() => trading.Approved.Count >= 150 || load.IsCompleted);

            var c = await cluster.AddNodeAsync("c");
            clients["c"] = new EngineClients(c.Address);
            lock (serving)
            {
                serving.Add("c");
            }

            await cluster.WaitUntilOwnedByAsync(TimeSpan.FromSeconds(30), "a", "b", "c");
            var approvedAtJoin = trading.Approved.Count;
            await WaitForAsync(() => trading.Approved.Count >= approvedAtJoin + 150 || load.IsCompleted);

            lock (serving)
            {
                serving.Remove("b"); // the load balancer drains b first, as an operator would
            }

            await cluster.Nodes["b"].SignalAsync("TERM");
            await cluster.Nodes["b"].WaitForExitAsync(TimeSpan.FromSeconds(60));
            await load;

            Assert.Equal(6 * 3 * 60, trading.Approved.Count);
            Assert.Contains("Leaving the cluster", cluster.Nodes["b"].Output, StringComparison.Ordinal);
            await cluster.WaitUntilOwnedByAsync(TimeSpan.FromSeconds(5), "a", "c");
            await trading.CheckBooksAsync(clients["c"], salesPerTerminal: 60);
        }
        finally
        {
            foreach (var client in clients.Values)
            {
                client.Dispose();
            }
        }
    }

    private static async Task<(StatusCode Status, string Detail)> Outcome(Task<SaleResponse> sale)
    {
        try
        {
            await sale;
            return (StatusCode.OK, string.Empty);
        }
        catch (RpcException ex)
        {
            return (ex.StatusCode, ex.Detail);
        }
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in 120 s");
            await Task.Delay(50);
        }
    }
}
