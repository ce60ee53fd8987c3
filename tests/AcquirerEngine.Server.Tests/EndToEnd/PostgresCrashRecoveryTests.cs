using AcquirerEngine.Testing;

namespace AcquirerEngine.Server.Tests.EndToEnd;

/// <summary>The production store: the same server binary configured for a real (throwaway) PostgreSQL 15.</summary>
public sealed class PostgresCrashRecoveryTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>
{
    [Fact]
    public async Task Approved_sales_survive_kill_9_on_postgresql_and_retries_stay_single()
    {
        using var data = new TemporaryDirectory();

        await CrashRecoveryScenario.RunAsync(data.Path, new Dictionary<string, string>
        {
            ["Storage:Provider"] = "postgres",
            ["Storage:PostgresConnectionString"] = database.ConnectionString,
        });
    }
}
