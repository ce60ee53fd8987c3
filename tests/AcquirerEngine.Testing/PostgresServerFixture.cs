namespace AcquirerEngine.Testing;

/// <summary>
/// xunit fixture owning a dedicated throwaway server (for tests that restart or break the server);
/// stopped and deleted when the fixture is disposed. Most tests want <see cref="PostgresDatabaseFixture"/>.
/// </summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    private ThrowawayPostgres? _server;

    public ThrowawayPostgres Server => _server ?? throw new InvalidOperationException("Fixture not initialized.");

    public async Task InitializeAsync()
    {
        _server = await ThrowawayPostgres.StartAsync().ConfigureAwait(false);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }
}
