using System.Text.Json;

namespace AcquirerEngine.Server.Tests.Hosting;

public sealed class RuntimeConfigTests
{
    [Fact]
    public void The_built_server_tells_idle_thread_pool_workers_not_to_spin()
    {
        // The server's own runtimeconfig.json, copied beside the tests (the end-to-end tests run this server binary).
        using var config = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "AcquirerEngine.Server.runtimeconfig.json")));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.Equal(0, properties.GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());
    }
}
