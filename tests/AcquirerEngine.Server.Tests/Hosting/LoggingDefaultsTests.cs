using AcquirerEngine.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AcquirerEngine.Server.Tests.Hosting;

public sealed class LoggingDefaultsTests
{
    private const string RequestLogCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    private const string KestrelCategory = "Microsoft.AspNetCore.Server.Kestrel";

    [Fact]
    public async Task The_per_request_log_is_off_by_default_while_the_engines_own_information_stays_on()
    {
        await using var app = Build([]);
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();

        // Off at every level: ASP.NET Core's hosting starts a per-request Activity and log scope while the category
        // is enabled for Critical.
        Assert.False(loggers.CreateLogger(RequestLogCategory).IsEnabled(LogLevel.Critical));
        Assert.False(loggers.CreateLogger(KestrelCategory).IsEnabled(LogLevel.Information));
        Assert.True(loggers.CreateLogger(KestrelCategory).IsEnabled(LogLevel.Warning));
        Assert.True(loggers.CreateLogger(typeof(EngineHost).FullName!).IsEnabled(LogLevel.Information));
    }

    [Fact]
    public async Task The_command_line_brings_the_request_log_back()
    {
        await using var app = Build(["--Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics=Information"]);
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();

        Assert.True(loggers.CreateLogger(RequestLogCategory).IsEnabled(LogLevel.Information));
    }

    [Fact]
    public async Task The_command_line_overrides_the_default_for_the_rest_of_AspNetCore()
    {
        await using var app = Build(["--Logging:LogLevel:Microsoft.AspNetCore=Information"]);
        var loggers = app.Services.GetRequiredService<ILoggerFactory>();

        Assert.True(loggers.CreateLogger(KestrelCategory).IsEnabled(LogLevel.Information));
    }

    private static WebApplication Build(string[] args)
    {
        // The same builder and order as EngineHost.RunAsync.
        var builder = WebApplication.CreateSlimBuilder(args);
        LoggingDefaults.AddTo(builder.Configuration);
        return builder.Build();
    }
}
