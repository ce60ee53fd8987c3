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
