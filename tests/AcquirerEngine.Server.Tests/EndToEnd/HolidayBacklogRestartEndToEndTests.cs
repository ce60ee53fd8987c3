using AcquirerEngine.Testing;

namespace AcquirerEngine.Server.Tests.EndToEnd;

/// <summary>
/// Restart in the middle of a holiday backlog, with the real server process killed with SIGKILL: once while
/// the National Day HVPS queue is building and once while it drains. See <see cref="HolidayBacklogScenario"/>.
/// </summary>
public sealed class HolidayBacklogRestartEndToEndTests
{
    [Fact]
    public async Task HolidayBacklog_survives_kill_9_while_queued_and_while_draining_on_the_embedded_store()
    {
        using var data = new TemporaryDirectory();

        await HolidayBacklogScenario.RunAsync(data.Path, new Dictionary<string, string>());
    }

    [Fact]
    public async Task HolidayBacklog_survives_kill_9_while_queued_and_while_draining_on_postgresql()
    {
        // Created here rather than as a class fixture, so the embedded-store test never needs PostgreSQL.
        var database = new PostgresDatabaseFixture();
        await database.InitializeAsync();
        try
        {
            using var data = new TemporaryDirectory();
            await HolidayBacklogScenario.RunAsync(data.Path, new Dictionary<string, string>
            {
                ["Storage:Provider"] = "postgres",
                ["Storage:PostgresConnectionString"] = database.ConnectionString,
            });
        }
        finally
        {
            await database.DisposeAsync();
        }
    }
}
