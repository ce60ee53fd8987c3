using System.Diagnostics.Metrics;

namespace AcquirerEngine.Server.Metrics;

/// <summary>
/// The levels of the .NET runtime's own meter ("System.Runtime") that need a different exposed shape. Prometheus
/// reserves a "_count" suffix for histograms and summaries (promtool's lint refuses it on a gauge), so levels named
/// ".count" get a plural name; and .NET 10 publishes the thread pool's thread count and queue length as observable
/// counters although they go down, which rate() would read as counter resets, so they become gauges.
/// </summary>
internal static class RuntimeMeterLevels
{
    public const string MeterName = "System.Runtime";

    private static readonly Dictionary<string, string> ExposedNames = new(StringComparer.Ordinal)
    {
        ["dotnet.thread_pool.thread.count"] = "dotnet.thread_pool.threads",
        ["dotnet.thread_pool.queue.length"] = "dotnet.thread_pool.queue.length",
        ["dotnet.timer.count"] = "dotnet.timers",
        ["dotnet.assembly.count"] = "dotnet.assemblies",
        ["dotnet.process.cpu.count"] = "dotnet.process.cpus",
    };

    /// <summary>The instrument name to expose a runtime level under, as a gauge; false for any other instrument.</summary>
    public static bool TryGetExposedName(Instrument instrument, out string exposedName)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        exposedName = string.Empty;
        return instrument.Meter.Name == MeterName && ExposedNames.TryGetValue(instrument.Name, out exposedName!);
    }
}
