using AcquirerEngine.Testing;
using Npgsql;

namespace AcquirerEngine.Cluster.Tests;

/// <summary>
/// A fresh database on the throwaway PostgreSQL with the cluster schema for <see cref="ShardCount"/> shards,
/// plus helpers that age rows on the database clock (so tests of time rules do not sleep).
/// </summary>
public sealed class ClusterDatabase : IAsyncLifetime
{
    public const int ShardCount = 16;

    private readonly PostgresDatabaseFixture _database = new();
    private NpgsqlDataSource? _dataSource;

    public NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("Not initialized.");

    public string ConnectionString => _database.ConnectionString;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _dataSource = NpgsqlDataSource.Create(_database.ConnectionString);
        await ClusterSchema.EnsureAsync(_dataSource, ShardCount, CancellationToken.None);
    }

    /// <summary>Makes a member look silent for <paramref name="silence"/> (its last heartbeat moved into the past).</summary>
    public async Task AgeHeartbeatAsync(long incarnation, TimeSpan silence)
    {
        await using var command = DataSource.CreateCommand(
            "UPDATE cluster_members SET last_heartbeat = clock_timestamp() - @silence WHERE incarnation = @incarnation;");
        command.Parameters.AddWithValue("silence", silence);
        command.Parameters.AddWithValue("incarnation", incarnation);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    /// <summary>Makes a shard's lease run out (as if its owner stopped renewing it a while ago).</summary>
    public async Task ExpireLeaseAsync(int shard)
    {
        await using var command = DataSource.CreateCommand(
            "UPDATE shard_leases SET expires_at = clock_timestamp() - interval '1 second' WHERE shard = @shard;");
        command.Parameters.AddWithValue("shard", shard);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }

        await _database.DisposeAsync();
    }
}
