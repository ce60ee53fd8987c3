using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace AcquirerEngine.Server.Hosting;

/// <summary>
/// The engine's logging defaults, added as the configuration source of lowest precedence: appsettings, environment
/// variables and the command line all override them (e.g.
/// <c>--Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics=Information</c> brings the request log back).
/// </summary>
public static class LoggingDefaults
{
    /// <summary>
    /// ASP.NET Core's hosting writes two Information lines per request ("Request starting", "Request finished"). At
    /// thousands of sales per second that was about 6% of the engine's CPU in the request threads plus the console
    /// logger's writer thread (docs/BENCHMARKS.md, the sale-path profile); the engine's own log says what matters.
    /// Warning is also what the ASP.NET Core templates ship for this category.
    /// <para>The request log's own category is off altogether: while it is enabled at any level, ASP.NET Core's
    /// hosting starts an <see cref="System.Diagnostics.Activity"/> (a random W3C trace id, an async-local write) and a
    /// logging scope for every request, for log lines that the level then drops. That was 5% of the bytes the engine
    /// allocated per call at 2,000 sales/s (docs/BENCHMARKS.md, "Bytes per call on the request path"). Kestrel's own
    /// category (connection faults, application errors) keeps Warning.</para>
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Values { get; } = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "None",
    };

    /// <summary>Puts <see cref="Values"/> below every source <paramref name="configuration"/> already has.</summary>
    public static void AddTo(IConfigurationBuilder configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Values });
    }
}
