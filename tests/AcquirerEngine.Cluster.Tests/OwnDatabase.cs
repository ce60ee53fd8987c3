using AcquirerEngine.Testing;
using Npgsql;

namespace AcquirerEngine.Cluster.Tests;

/// <summary>
/// A database of its own on the shared throwaway PostgreSQL for one test (cluster state must not leak between
/// tests), and what runs on it, disposed before the database is dropped.
/// </summary>
public sealed class OwnDatabase : IAsyncDisposable
{
    private readonly ThrowawayPostgres _server;
    private readonly List<IAsyncDisposable> _users = [];

    private OwnDatabase(ThrowawayPostgres server, string connectionString)
    {
        _server = server;
        ConnectionString = connectionString;
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    public static async Task<OwnDatabase> CreateAsync()
    {
        var server = await ThrowawayPostgres.GetSharedAsync();
        return new OwnDatabase(server, await server.CreateDatabaseAsync());
    }

    /// <summary>Disposes <paramref name="user"/> (a node, say) with the database, before it is dropped.</summary>
    public T Own<T>(T user)
        where T : IAsyncDisposable
    {
        _users.Add(user);
        return user;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var user in _users)
        {
            await user.DisposeAsync();
        }

        await DataSource.DisposeAsync();
        await _server.DropDatabaseAsync(ConnectionString);
    }
}
