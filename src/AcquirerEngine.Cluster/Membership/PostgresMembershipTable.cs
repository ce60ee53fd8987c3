using Npgsql;
using NpgsqlTypes;

namespace AcquirerEngine.Cluster.Membership;

/// <summary>
/// Cluster membership in PostgreSQL, in the manner of Orleans' ADO.NET clustering: each node inserts a row for its
/// incarnation, refreshes its heartbeat, and any live node declares stale rows dead. The database's clock judges
/// staleness, so no two nodes need to agree on the time.
/// </summary>
public sealed class PostgresMembershipTable
{
    private const string MemberColumns = "incarnation, node_id, address, status, started_at, last_heartbeat";

    private readonly NpgsqlDataSource _dataSource;

    public PostgresMembershipTable(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
    }

    /// <summary>Registers a new incarnation of <paramref name="nodeId"/>, active from now.</summary>
    public async Task<ClusterMember> RegisterAsync(string nodeId, string address, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nodeId);
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        await using var command = _dataSource.CreateCommand($"""
            INSERT INTO cluster_members (incarnation, node_id, address, status, started_at, last_heartbeat)
            VALUES (nextval('cluster_incarnation'), @node, @address, 'active', clock_timestamp(), clock_timestamp())
            RETURNING {MemberColumns};
            """);
        command.Parameters.AddWithValue("node", nodeId);
        command.Parameters.AddWithValue("address", address);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return ReadMember(reader);
    }

    /// <summary>
    /// Records that the member is alive. A member already declared dead (or left) is told so and is not revived:
    /// it must stop, and come back, if at all, as a new incarnation.
    /// </summary>
    public async Task<HeartbeatResult> HeartbeatAsync(long incarnation, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("""
            UPDATE cluster_members SET last_heartbeat = clock_timestamp()
            WHERE incarnation = @incarnation AND status IN ('active', 'leaving');
            """);
        command.Parameters.AddWithValue("incarnation", incarnation);
        var updated = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return updated == 1 ? HeartbeatResult.Alive : HeartbeatResult.NoLongerMember;
    }

    /// <summary>
    /// Applies the failure-detection rule: every active or leaving member whose last heartbeat is older than
    /// <paramref name="deadAfter"/> becomes dead. Returns the members this call declared dead.
    /// </summary>
    public async Task<IReadOnlyList<ClusterMember>> DeclareStaleMembersDeadAsync(TimeSpan deadAfter, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(deadAfter, TimeSpan.Zero);
        await using var command = _dataSource.CreateCommand($"""
            UPDATE cluster_members SET status = 'dead'
            WHERE status IN ('active', 'leaving') AND last_heartbeat < clock_timestamp() - @dead_after
            RETURNING {MemberColumns};
            """);
        command.Parameters.Add(new NpgsqlParameter("dead_after", NpgsqlDbType.Interval) { Value = deadAfter });
        return await ReadMembersAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Marks a graceful leave in progress (still alive, handing shards over).</summary>
    public Task<bool> BeginLeavingAsync(long incarnation, CancellationToken cancellationToken) =>
        SetStatusAsync(incarnation, "leaving", "status = 'active'", cancellationToken);

    /// <summary>Marks a finished graceful leave; final.</summary>
    public Task<bool> MarkLeftAsync(long incarnation, CancellationToken cancellationToken) =>
        SetStatusAsync(incarnation, "left", "status IN ('active', 'leaving')", cancellationToken);

    /// <summary>Members still part of the cluster (active or leaving), oldest incarnation first.</summary>
    public async Task<IReadOnlyList<ClusterMember>> ReadLiveAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            $"SELECT {MemberColumns} FROM cluster_members WHERE status IN ('active', 'leaving') ORDER BY incarnation;");
        return await ReadMembersAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every incarnation ever registered, oldest first (what an operator inspects).</summary>
    public async Task<IReadOnlyList<ClusterMember>> ReadAllAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {MemberColumns} FROM cluster_members ORDER BY incarnation;");
        return await ReadMembersAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> SetStatusAsync(long incarnation, string status, string fromCondition, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(
            $"UPDATE cluster_members SET status = @status WHERE incarnation = @incarnation AND {fromCondition};");
        command.Parameters.AddWithValue("status", status);
        command.Parameters.AddWithValue("incarnation", incarnation);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static async Task<IReadOnlyList<ClusterMember>> ReadMembersAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var members = new List<ClusterMember>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            members.Add(ReadMember(reader));
        }

        return members;
    }

    private static ClusterMember ReadMember(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        ParseStatus(reader.GetString(3)),
        new DateTimeOffset(reader.GetFieldValue<DateTime>(4), TimeSpan.Zero),
        new DateTimeOffset(reader.GetFieldValue<DateTime>(5), TimeSpan.Zero));

    private static MemberStatus ParseStatus(string status) => status switch
    {
        "active" => MemberStatus.Active,
        "leaving" => MemberStatus.Leaving,
        "left" => MemberStatus.Left,
        "dead" => MemberStatus.Dead,
        _ => throw new InvalidOperationException($"Unknown member status '{status}' in cluster_members."),
    };
}
