using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Testing;

namespace AcquirerEngine.Server.Tests.EndToEnd.Cluster;

/// <summary>Three engine processes in cluster mode on one throwaway PostgreSQL; each test on its own database.</summary>
public sealed class ClusterEndToEndTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private static readonly TimeSpan FailoverBound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Calls_entering_any_node_reach_the_owner_and_every_shard_is_owned_exactly_once()
    {
        await using var cluster = await EngineCluster.StartAsync(await database.CreateExtraDatabaseAsync(), "a", "b", "c");
        await cluster.WaitUntilOwnedByAsync(TimeSpan.FromSeconds(30), "a", "b", "c");
        var clients = cluster.Nodes.Values.Select(n => new EngineClients(n.Address)).ToList();
        try
        {
            var trading = new ClusterTrading(merchants: 6, terminalsPerMerchant: 2);
            await trading.OnboardAsync(clients);
            await trading.SellAsync([.. clients.Select(c => (Func<EngineClients?>)(() => c))], salesPerTerminal: 6, parallelism: 8);

            Assert.Equal(6 * 2 * 6, trading.Approved.Count);
            foreach (var node in clients)
            {
                await trading.CheckBooksAsync(node, salesPerTerminal: 6);
            }

            var owners = await cluster.OwnersAsync();
            Assert.Equal(EngineCluster.ShardCount, owners.Count);
            var perNode = owners.GroupBy(o => o!).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(["a", "b", "c"], perNode.Keys.Order());
            Assert.All(perNode.Values, count => Assert.InRange(count, 10, 11));
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task A_node_killed_under_load_loses_no_approved_sale_and_its_shards_are_owned_again_within_the_bound()
    {
        await using var cluster = await EngineCluster.StartAsync(await database.CreateExtraDatabaseAsync(), "a", "b", "c");
        await cluster.WaitUntilOwnedByAsync(TimeSpan.FromSeconds(30), "a", "b", "c");
        var clients = cluster.Nodes.ToDictionary(n => n.Key, n => new EngineClients(n.Value.Address));
        try
        {
            var trading = new ClusterTrading(merchants: 8, terminalsPerMerchant: 3);
            await trading.OnboardAsync([.. clients.Values]);
            var killed = false;
            var entries = clients.Keys.Order().Select(id => (Func<EngineClients?>)(() => id == "c" && Volatile.Read(ref killed) ? null : clients[id])).ToList();
            var epochsBefore = await cluster.EpochsAsync();
            var ownersBefore = await cluster.OwnersAsync();

            var load = trading.SellAsync(entries, salesPerTerminal: 40, parallelism: 16);
            while (trading.Approved.Count < 200 && !load.IsCompleted)
            {
                await Task.Delay(20);
            }

            await cluster.Nodes["c"].KillAsync();
            var killedAt = DateTime.UtcNow;
            Volatile.Write(ref killed, true);
            var failover = await cluster.WaitUntilOwnedByAsync(FailoverBound + TimeSpan.FromSeconds(5), "a", "b");
            await load;

            Assert.True(failover <= FailoverBound, $"the dead node's shards were owned again after {failover}, bound {FailoverBound}");
            Assert.True(DateTime.UtcNow - killedAt > TimeSpan.Zero);
            Assert.Equal(8 * 3 * 40, trading.Approved.Count);
            var epochsAfter = await cluster.EpochsAsync();
            for (var shard = 0; shard < EngineCluster.ShardCount; shard++)
            {
                if (ownersBefore[shard] == "c")
                {
                    Assert.True(epochsAfter[shard] > epochsBefore[shard], $"shard {shard} moved without a new epoch");
                }
            }

            await trading.CheckBooksAsync(clients["a"], salesPerTerminal: 40);

            // Every terminal retries everything once more: the same answers, nothing doubled.
            foreach (var ((terminalId, stan), response) in trading.Approved.Take(200))
            {
                Assert.Equal(response, await clients["b"].Terminal.SaleAsync(trading.Sale(terminalId, stan)));
            }

            await trading.CheckBooksAsync(clients["b"], salesPerTerminal: 40);
        }
        finally
        {
            foreach (var client in clients.Values)
            {
                client.Dispose();
            }
        }
    }
}
