using AcquirerEngine.Storage.Postgres;
using AcquirerEngine.Testing;
using Npgsql;

namespace AcquirerEngine.Storage.Tests;

/// <summary>The storage contract on PostgreSQL: a fresh database per test class on the shared throwaway server.</summary>
public sealed class PostgresContractTests(PostgresDatabaseFixture database)
    : GrainStorageContractTests<PostgresStore>, IClassFixture<PostgresDatabaseFixture>
{
    protected override Task<PostgresStore> OpenStoreAsync(int maxWriteBatch) =>
        PostgresStore.OpenAsync(
            new PostgresStoreOptions { ConnectionString = database.ConnectionString, MaxPoolSize = 8, MaxWriteBatch = maxWriteBatch },
            CancellationToken.None);

    protected override async Task<IAsyncDisposable> BlockWritersAsync()
    {
        // EXCLUSIVE conflicts with the row locks and row writes of both write paths, not with plain reads.
        var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using (var begin = new NpgsqlCommand("BEGIN; LOCK TABLE grain_state IN EXCLUSIVE MODE;", connection))
        {
            await begin.ExecuteNonQueryAsync();
        }

        return connection;
    }

    protected override async Task<long> CountAppliedMigrationsAsync()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM schema_migrations;", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_batch_that_meets_a_foreign_writer_mid_flight_retries_one_by_one_and_refuses_only_the_loser()
    {
        var plugGrain = Grain("fallback-plug");
        var contested = Grain("fallback-contested");
        await Store.WriteAsync(new Runtime.Storage.GrainStateWrite(plugGrain, 0, [1], []), CancellationToken.None);

        // Another writer: one transaction holds the plug grain's row, another has created the contested grain, uncommitted.
        await using var rowHolder = await BeginAsync($"SELECT 1 FROM grain_state WHERE grain_type = '{plugGrain.Type}' AND grain_key = '{plugGrain.Key}' FOR UPDATE;");
        await using var creator = await BeginAsync(
            $"INSERT INTO grain_state (grain_type, grain_key, version, updated_at) VALUES ('{contested.Type}', '{contested.Key}', 1, now()); " +
            $"INSERT INTO grain_snapshot (grain_type, grain_key, payload) VALUES ('{contested.Type}', '{contested.Key}', '\\x09');");

        // The plug write blocks on the held row; everything after it queues into one batch.
        var plug = Store.WriteAsync(new Runtime.Storage.GrainStateWrite(plugGrain, 1, [2], []), CancellationToken.None);
        await WaitForLockWaiterAsync();
        var others = Enumerable.Range(0, 5)
            .Select(i => Store.WriteAsync(new Runtime.Storage.GrainStateWrite(Grain("fallback" + i), 0, [3], []), CancellationToken.None))
            .ToArray();
        var loser = Store.WriteAsync(new Runtime.Storage.GrainStateWrite(contested, 0, [4], []), CancellationToken.None);

        // The batch does not see the uncommitted grain, so it tries to create it too and waits on it.
        await CommitAsync(rowHolder);
        Assert.Equal(2, await plug);
        await WaitForLockWaiterAsync();
        await CommitAsync(creator);

        Assert.All(await Task.WhenAll(others), v => Assert.Equal(1, v));
        var refused = await Assert.ThrowsAsync<Runtime.Storage.InconsistentStateException>(() => loser);
        Assert.Equal(1, refused.StoredVersion);
        Assert.Equal(new byte[] { 9 }, (await Store.ReadAsync(contested, CancellationToken.None))!.Payload);
    }

    private async Task<NpgsqlConnection> BeginAsync(string sql)
    {
        var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("BEGIN; " + sql, connection);
        await command.ExecuteNonQueryAsync();
        return connection;
    }

    private static async Task CommitAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("COMMIT;", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Waits until some session of this database waits for a lock (the store's writer, here).</summary>
    private async Task WaitForLockWaiterAsync()
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        for (var attempt = 0; attempt < 3000; attempt++)
        {
            await using var command = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock';", connection);
            if ((long)(await command.ExecuteScalarAsync())! > 0)
            {
                return;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException("No session started waiting for a lock.");
    }

    [Fact]
    public async Task Processes_opening_a_fresh_database_together_migrate_it_once()
    {
        var fresh = await database.CreateExtraDatabaseAsync();
        var options = new PostgresStoreOptions { ConnectionString = fresh, MaxPoolSize = 2 };
        var stores = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => PostgresStore.OpenAsync(options, CancellationToken.None))));
        try
        {
            await using var connection = new NpgsqlConnection(fresh);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT count(*), min(version), max(version) FROM schema_migrations;", connection);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(reader.GetInt64(0), reader.GetInt32(2) - reader.GetInt32(1) + 1);
            Assert.Equal(1, reader.GetInt32(1));
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }

            await database.Server.DropDatabaseAsync(fresh);
        }
    }
}
