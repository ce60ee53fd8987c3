using Npgsql;

namespace AcquirerEngine.Cluster.Tests;

public sealed class ClusterSchemaTests(ClusterDatabase database) : IClassFixture<ClusterDatabase>
{
    [Fact]
    public async Task Ensuring_again_keeps_one_row_per_shard()
    {
        await ClusterSchema.EnsureAsync(database.DataSource, ClusterDatabase.ShardCount, CancellationToken.None);
        await ClusterSchema.EnsureAsync(database.DataSource, ClusterDatabase.ShardCount, CancellationToken.None);

        await using var command = database.DataSource.CreateCommand("SELECT count(*), min(shard), max(shard) FROM shard_leases;");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(ClusterDatabase.ShardCount, reader.GetInt64(0));
        Assert.Equal(0, reader.GetInt32(1));
        Assert.Equal(ClusterDatabase.ShardCount - 1, reader.GetInt32(2));
    }

    [Fact]
    public async Task A_node_configured_with_another_shard_count_is_refused()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => ClusterSchema.EnsureAsync(database.DataSource, ClusterDatabase.ShardCount * 2, CancellationToken.None));

        Assert.Contains($"{ClusterDatabase.ShardCount} shards", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_database_refuses_to_lower_an_epoch()
    {
        await using var command = database.DataSource.CreateCommand("UPDATE shard_leases SET epoch = epoch - 1 WHERE shard = 3 AND epoch > 0;");
        await using (var raise = database.DataSource.CreateCommand("UPDATE shard_leases SET epoch = epoch + 2 WHERE shard = 3;"))
        {
            await raise.ExecuteNonQueryAsync();
        }

        var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        Assert.Contains("epoch would go back", error.MessageText, StringComparison.Ordinal);
    }
}
