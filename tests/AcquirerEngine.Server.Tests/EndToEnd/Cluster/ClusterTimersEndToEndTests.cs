using System.Globalization;
using AcquirerEngine.Grains.Channels;
using AcquirerEngine.Testing;

namespace AcquirerEngine.Server.Tests.EndToEnd.Cluster;

/// <summary>Reminders move with their shards: a timer due while its node is dead fires once, on the new owner.</summary>
public sealed class ClusterTimersEndToEndTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    private const int Merchants = 12;
    private static readonly TimeSpan Lead = TimeSpan.FromSeconds(60);

    // How long before the run is due c is killed: well under the cluster's lease (3 s), so its shards are still
    // unowned when the runs come due, and far more than killing a process takes on a loaded machine.
    private static readonly TimeSpan KillLead = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Each_merchants_settlement_run_due_during_a_nodes_outage_fires_exactly_once_in_the_cluster()
    {
        // The daily settlement run is the timer: set it a minute ahead, on the real clock the cluster runs on. On a whole
        // second: Settlement:RunTime has no fraction, so any fraction here made the runs due up to a second before
        // runAtUtc, and a kill timed from runAtUtc could land after c had already run its merchants (counted on c's
        // own /metrics, which died with it: "8 runs for 12 merchants").
        var runAtUtc = WholeSecondAfter(DateTimeOffset.UtcNow + Lead);
        var runAtLocal = TimeZoneInfo.ConvertTime(runAtUtc, AcquirerClock.ChinaStandardTime);
        await using var cluster = await EngineCluster.StartAsync(
            await database.CreateExtraDatabaseAsync(),
            new Dictionary<string, string> { ["Settlement:RunTime"] = runAtLocal.ToString("HH:mm:ss", CultureInfo.InvariantCulture) },
            "a", "b", "c");
        await cluster.WaitUntilOwnedByAsync(TimeSpan.FromSeconds(30), "a", "b", "c");
        using var a = new EngineClients(cluster.Nodes["a"].Address);
        var merchants = Enumerable.Range(0, Merchants).Select(i => $"8983401500{i:D5}").ToList();
        foreach (var merchantId in merchants)
        {
            await a.Operator.OnboardMerchantAsync(EngineClients.Onboarding(merchantId));
        }

        var owners = await cluster.OwnersAsync();
        Assert.Contains(merchants, m => owners[cluster.ShardMap.ShardOf(m)] == "c");
        Assert.True(DateTimeOffset.UtcNow < runAtUtc - KillLead - TimeSpan.FromSeconds(3), "setting up took too long: the run time has (nearly) passed");

        // c dies just before the run is due; its merchants' runs come due while nobody owns their shards.
        await Task.Delay(runAtUtc - KillLead - DateTimeOffset.UtcNow);
        await cluster.Nodes["c"].KillAsync();
        Assert.True(DateTimeOffset.UtcNow < runAtUtc, $"c was killed only after the runs were due ({runAtUtc:HH:mm:ss}): it may have run its merchants itself");
        await cluster.WaitUntilOwnedByAsync(TimeSpan.FromSeconds(15), "a", "b");

        // The new owners deliver the dead node's due ticks as they load its shards' reminders: wait for them (a loaded
        // machine may take a while), but a run that never fires, or one that fires twice, still fails below.
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        var runs = 0.0;
        do
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            runs = await SettlementRunsAsync(cluster.Nodes["a"]) + await SettlementRunsAsync(cluster.Nodes["b"]);
        }
        while (runs < Merchants && DateTimeOffset.UtcNow < deadline);

        Assert.True(runs == Merchants, $"{runs} runs for {Merchants} merchants; owners before the kill: [{string.Join(", ", merchants.Select(m => owners[cluster.ShardMap.ShardOf(m)]))}]\n--- a:\n{cluster.Nodes["a"].Output}\n--- b:\n{cluster.Nodes["b"].Output}");

        // Later rounds deliver nothing more: each tick was delivered once.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(Merchants, await SettlementRunsAsync(cluster.Nodes["a"]) + await SettlementRunsAsync(cluster.Nodes["b"]));
    }

    private static DateTimeOffset WholeSecondAfter(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond) + TimeSpan.TicksPerSecond, TimeSpan.Zero);

    /// <summary>The node's acquirer_settlement_runs_total over all outcomes, from its /metrics.</summary>
    private static async Task<double> SettlementRunsAsync(EngineProcess node)
    {
        using var http = new HttpClient();
        var text = await http.GetStringAsync(node.MetricsAddress);
        return text.Split('\n')
            .Where(l => l.StartsWith("acquirer_settlement_runs_total{", StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }
}
