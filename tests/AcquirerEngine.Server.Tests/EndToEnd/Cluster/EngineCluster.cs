using System.Net;
using System.Net.Sockets;
using AcquirerEngine.Cluster.Placement;
using AcquirerEngine.Testing;
using Npgsql;

namespace AcquirerEngine.Server.Tests.EndToEnd.Cluster;

/// <summary>
/// Engine processes in cluster mode on loopback, all on one throwaway PostgreSQL database, with short heartbeats
/// so failover happens within seconds; reads ownership straight from the database.
/// </summary>
public sealed class EngineCluster : IAsyncDisposable
{
    public const string NodeToken = "e2e-cluster-node-token-0123456789";
    public const int ShardCount = 32;
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);

    private readonly string _connectionString;
    private readonly TemporaryDirectory _data = new();
    private readonly NpgsqlDataSource _dataSource;

    private EngineCluster(string connectionString)
    {
        _connectionString = connectionString;
        _dataSource = NpgsqlDataSource.Create(connectionString);
    }

    public Dictionary<string, EngineProcess> Nodes { get; } = new(StringComparer.Ordinal);

    public ShardMap ShardMap { get; } = new(ShardCount);

    /// <summary>Settings every node of this cluster gets on top of the cluster ones (e.g. Settlement:RunTime).</summary>
    public Dictionary<string, string> Extra { get; } = new(StringComparer.Ordinal);

    public static async Task<EngineCluster> StartAsync(string connectionString, params string[] nodeIds) =>
        await StartAsync(connectionString, new Dictionary<string, string>(), nodeIds);

    public static async Task<EngineCluster> StartAsync(string connectionString, IReadOnlyDictionary<string, string> extra, params string[] nodeIds)
    {
        var cluster = new EngineCluster(connectionString);
        foreach (var (key, value) in extra)
        {
            cluster.Extra[key] = value;
        }

        foreach (var nodeId in nodeIds)
        {
            await cluster.AddNodeAsync(nodeId);
        }

        return cluster;
    }

    public async Task<EngineProcess> AddNodeAsync(string nodeId)
    {
        var port = FreePort();
        var settings = new Dictionary<string, string>
        {
            ["Listen"] = $"127.0.0.1:{port}",
            ["Storage:Provider"] = "postgres",
            ["Storage:PostgresConnectionString"] = _connectionString,
            ["Cluster:Enabled"] = "true",
            ["Cluster:NodeId"] = nodeId,
            ["Cluster:NodeToken"] = NodeToken,
            ["Cluster:ShardCount"] = ShardCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cluster:HeartbeatSeconds"] = "0.5",
            ["Cluster:DeadAfterSeconds"] = Lease.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cluster:LeaseSeconds"] = Lease.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cluster:HandoverShardsPerRound"] = "8",
            ["Cluster:HandoverWaitSeconds"] = "3",

            // Sales a terminal could not hand to a merchant whose node died reach the ledger within seconds.
            ["Terminals:ForwardRetrySeconds"] = "2",
        };
        foreach (var (key, value) in Extra)
        {
            settings[key] = value;
        }

        var node = await EngineProcess.StartAsync(Path.Combine(_data.Path, nodeId), settings);
        Nodes[nodeId] = node;
        return node;
    }

    /// <summary>Per shard: the node id owning it now (null when free or its lease ran out), from the database.</summary>
    public async Task<IReadOnlyList<string?>> OwnersAsync()
    {
        await using var command = _dataSource.CreateCommand("""
            SELECT l.shard, CASE WHEN l.expires_at > clock_timestamp() AND m.status IN ('active', 'leaving') THEN m.node_id END
            FROM shard_leases l LEFT JOIN cluster_members m ON m.incarnation = l.owner_incarnation
            ORDER BY l.shard;
            """);
        var owners = new List<string?>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            owners.Add(reader.IsDBNull(1) ? null : reader.GetString(1));
        }

        return owners;
    }

    /// <summary>Per shard: its current epoch.</summary>
    public async Task<IReadOnlyList<long>> EpochsAsync()
    {
        await using var command = _dataSource.CreateCommand("SELECT epoch FROM shard_leases ORDER BY shard;");
        var epochs = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            epochs.Add(reader.GetInt64(0));
        }

        return epochs;
    }

    /// <summary>Waits (bounded) until every shard is owned by one of <paramref name="nodeIds"/>; returns how long it took.</summary>
    public async Task<TimeSpan> WaitUntilOwnedByAsync(TimeSpan within, params string[] nodeIds)
    {
        var started = DateTime.UtcNow;
        while (true)
        {
            var owners = await OwnersAsync();
            if (owners.Count == ShardCount && owners.All(o => o is not null && nodeIds.Contains(o)))
            {
                return DateTime.UtcNow - started;
            }

            if (DateTime.UtcNow - started > within)
            {
                throw new TimeoutException($"shards not owned by [{string.Join(", ", nodeIds)}] within {within}: [{string.Join(", ", owners)}]");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes.Values)
        {
            await node.DisposeAsync();
        }

        await _dataSource.DisposeAsync();
        _data.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
