namespace AcquirerEngine.Testing;

/// <summary>
/// xunit class/collection fixture: a fresh, empty database on the process-wide throwaway server
/// (<see cref="ThrowawayPostgres.GetSharedAsync"/>), dropped when the fixture is disposed.
/// Use as <c>IClassFixture&lt;PostgresDatabaseFixture&gt;</c> so each test class sees only its own data.
/// </summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    private ThrowawayPostgres? _server;
    private string? _connectionString;

    /// <summary>Connection string to this fixture's database.</summary>
    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("Fixture not initialized.");

    public ThrowawayPostgres Server => _server ?? throw new InvalidOperationException("Fixture not initialized.");

    public async Task InitializeAsync()
    {
        _server = await ThrowawayPostgres.GetSharedAsync().ConfigureAwait(false);
        _connectionString = await _server.CreateDatabaseAsync().ConfigureAwait(false);
    }

    /// <summary>Another empty database on the same server, for a test that needs one to itself (dropped with the server).</summary>
    public Task<string> CreateExtraDatabaseAsync()
    {
        return Server.CreateDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        if (_server is not null && _connectionString is not null)
        {
            await _server.DropDatabaseAsync(_connectionString).ConfigureAwait(false);
        }
    }
}
