namespace AcquirerEngine.Server.Configuration;

/// <summary>
/// Cluster mode: many engine nodes on one PostgreSQL (Storage:Provider=postgres), each grain owned by one node through
/// shard leases. Off by default: a single node on the embedded store needs none of it.
/// </summary>
public sealed class ClusterSettings
{
    public bool Enabled { get; set; }

    /// <summary>The operator's name for this node (shown in cluster_members); defaults to the machine name.</summary>
    public string? NodeId { get; set; }

    /// <summary>
    /// host:port other nodes use to reach this node's gRPC endpoint (the node-to-node service shares the Listen
    /// port). Defaults to Listen, which must then name a concrete host and port.
    /// </summary>
    public string? AdvertiseAddress { get; set; }

    /// <summary>Shared secret of the node-to-node service; the same on every node, never a terminal's or operator's.</summary>
    public string? NodeToken { get; set; }

    /// <summary>Fixed for the life of the database (a node configured otherwise is refused at start).</summary>
    public int ShardCount { get; set; } = 256;

    public double HeartbeatSeconds { get; set; } = 1;

    /// <summary>A node silent this long is declared dead; its shards move when their leases run out.</summary>
    public double DeadAfterSeconds { get; set; } = 5;

    /// <summary>How long a lease lasts without renewal: the bound on failover time (plus one heartbeat).</summary>
    public double LeaseSeconds { get; set; } = 5;

    /// <summary>How many shards above its share a node hands over per heartbeat when another node joins.</summary>
    public int HandoverShardsPerRound { get; set; } = 16;

    /// <summary>How long a call waits for a shard between owners before it answers UNAVAILABLE (retry).</summary>
    public double HandoverWaitSeconds { get; set; } = 2;
}
