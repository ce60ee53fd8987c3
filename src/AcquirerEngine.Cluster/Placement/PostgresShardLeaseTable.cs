using Npgsql;
using NpgsqlTypes;

namespace AcquirerEngine.Cluster.Placement;

/// <summary>
/// Shard leases in PostgreSQL. Taking a shard is one conditional UPDATE that also raises the epoch, so two nodes racing
/// for a shard cannot both win, and the winner's epoch is higher than any epoch the shard had before: a former owner,
/// however late it wakes up, holds a smaller epoch and is refused wherever the epoch is checked.
/// </summary>
public sealed class PostgresShardLeaseTable
{
    private const string LeaseColumns = "shard, owner_incarnation, epoch, expires_at, coalesce(expires_at < clock_timestamp(), false)";

    // A shard is free when nobody owns it, its lease ran out (database clock), or its owner is no longer a member.
    private const string AcquireSql = $"""
        UPDATE shard_leases l
        SET owner_incarnation = @incarnation, epoch = l.epoch + 1, expires_at = clock_timestamp() + @lease
        WHERE l.shard = @shard
          AND (l.owner_incarnation IS NULL
               OR l.expires_at < clock_timestamp()
               OR NOT EXISTS (SELECT 1 FROM cluster_members m
                              WHERE m.incarnation = l.owner_incarnation AND m.status IN ('active', 'leaving')))
          AND EXISTS (SELECT 1 FROM cluster_members me WHERE me.incarnation = @incarnation AND me.status = 'active')
        RETURNING l.epoch;
        """;

    // Renews only the leases still held at the epoch the node knows; a member that is no longer live renews nothing.
    private const string RenewSql = """
        UPDATE shard_leases l
        SET expires_at = clock_timestamp() + @lease
        FROM unnest(@shards, @epochs) AS h(shard, epoch)
        WHERE l.shard = h.shard AND l.epoch = h.epoch AND l.owner_incarnation = @incarnation
          AND EXISTS (SELECT 1 FROM cluster_members me
                      WHERE me.incarnation = @incarnation AND me.status IN ('active', 'leaving'))
        RETURNING l.shard;
        """;

    private readonly NpgsqlDataSource _dataSource;

    public PostgresShardLeaseTable(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
    }

    /// <summary>Takes <paramref name="shard"/> for the member if it is free; returns the new epoch, or null when another owns it.</summary>
    public async Task<HeldLease?> TryAcquireAsync(int shard, long incarnation, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shard);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        await using var command = _dataSource.CreateCommand(AcquireSql);
        command.Parameters.AddWithValue("shard", shard);
        command.Parameters.AddWithValue("incarnation", incarnation);
        command.Parameters.Add(new NpgsqlParameter("lease", NpgsqlDbType.Interval) { Value = lease });
        var epoch = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return epoch is long value ? new HeldLease(shard, value) : null;
    }

    /// <summary>
    /// Extends the leases the member holds, in one statement. Returns the shards renewed; a held shard missing from
    /// the result was lost (taken over at a newer epoch, or the member was declared dead) and must be dropped at once.
    /// </summary>
    public async Task<IReadOnlySet<int>> RenewAsync(long incarnation, IReadOnlyCollection<HeldLease> held, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(held);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        var renewed = new HashSet<int>();
        if (held.Count == 0)
        {
            return renewed;
        }

        await using var command = _dataSource.CreateCommand(RenewSql);
        command.Parameters.AddWithValue("incarnation", incarnation);
        command.Parameters.Add(new NpgsqlParameter("lease", NpgsqlDbType.Interval) { Value = lease });
        command.Parameters.AddWithValue("shards", held.Select(h => h.Shard).ToArray());
        command.Parameters.AddWithValue("epochs", held.Select(h => h.Epoch).ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            renewed.Add(reader.GetInt32(0));
        }

        return renewed;
    }

    /// <summary>
    /// Hands a shard back (graceful leave or rebalancing) after its grains were deactivated. The epoch stays; the next
    /// owner's acquisition raises it. Returns false when the member no longer held it at that epoch.
    /// </summary>
    public async Task<bool> ReleaseAsync(HeldLease lease, long incarnation, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand("""
            UPDATE shard_leases SET owner_incarnation = NULL, expires_at = NULL
            WHERE shard = @shard AND epoch = @epoch AND owner_incarnation = @incarnation;
            """);
        command.Parameters.AddWithValue("shard", lease.Shard);
        command.Parameters.AddWithValue("epoch", lease.Epoch);
        command.Parameters.AddWithValue("incarnation", incarnation);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>Every shard's lease, by shard number.</summary>
    public async Task<IReadOnlyList<ShardLease>> ReadAllAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {LeaseColumns} FROM shard_leases ORDER BY shard;");
        var leases = new List<ShardLease>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            leases.Add(new ShardLease(
                reader.GetInt32(0),
                reader.IsDBNull(1) ? null : reader.GetInt64(1),
                reader.GetInt64(2),
                reader.IsDBNull(3) ? null : new DateTimeOffset(reader.GetFieldValue<DateTime>(3), TimeSpan.Zero),
                reader.GetBoolean(4)));
        }

        return leases;
    }
}
