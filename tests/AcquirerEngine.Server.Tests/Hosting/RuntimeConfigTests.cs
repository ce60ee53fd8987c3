using System.Text.Json;

namespace AcquirerEngine.Server.Tests.Hosting;

public sealed class RuntimeConfigTests
{
    [Fact]
    public void The_built_server_tells_idle_thread_pool_workers_not_to_spin()
    {
        Assert.Equal(0, ServerConfigProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());
    }

    /// <summary>The nightly cut-off window's collections (docs/BENCHMARKS.md, "Item 4: the merged code and the garbage collector").</summary>
    [Fact]
    public void The_built_server_uses_the_server_garbage_collector()
    {
        Assert.True(ServerConfigProperty("System.GC.Server").GetBoolean());
    }

    /// <summary>A property of the server's own runtimeconfig.json, copied beside the tests (the end-to-end tests run that binary).</summary>
    private static JsonElement ServerConfigProperty(string name)
    {
        using var config = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "AcquirerEngine.Server.runtimeconfig.json")));
        return config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").GetProperty(name).Clone();
    }
}
