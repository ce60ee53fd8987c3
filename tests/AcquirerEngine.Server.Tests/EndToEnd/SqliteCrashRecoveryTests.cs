using AcquirerEngine.Testing;
namespace AcquirerEngine.Server.Tests.EndToEnd;

public sealed class SqliteCrashRecoveryTests
{
    [Fact]
    public async Task Approved_sales_survive_kill_9_on_the_embedded_store_and_retries_stay_single()
    {
        using var data = new TemporaryDirectory();

        await CrashRecoveryScenario.RunAsync(data.Path, new Dictionary<string, string>());
    }
}
