using System.Net;
using AcquirerEngine.Grpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AcquirerEngine.Grpc.Tests.Infrastructure;

/// <summary>
/// A real Kestrel server on 127.0.0.1 with an ephemeral port: an h2c gRPC listener configured by the
/// production helper, plus an HTTP/1.1-only listener used to prove HTTP/1.1 is refused.
/// </summary>
public sealed class GrpcTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ListenOptions _h2c;
    private readonly ListenOptions _http1;

    private GrpcTestServer(WebApplication app, ListenOptions h2c, ListenOptions http1, CapturingLoggerProvider logs)
    {
        _app = app;
        _h2c = h2c;
        _http1 = http1;
        Logs = logs;
    }

    /// <summary>The h2c address gRPC clients use.</summary>
    public Uri Address => new($"http://127.0.0.1:{_h2c.IPEndPoint!.Port}");

    /// <summary>An HTTP/1.1-only address served by the same pipeline.</summary>
    public Uri Http1Address => new($"http://127.0.0.1:{_http1.IPEndPoint!.Port}");

    /// <summary>Everything the server logged.</summary>
    public CapturingLoggerProvider Logs { get; }

    public static async Task<GrpcTestServer> StartAsync(
        Action<GrpcServiceRegistry> register,
        GrpcServerOptions? options = null,
        bool useEndpointRouting = false)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        var logs = new CapturingLoggerProvider();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);

        ListenOptions? h2c = null;
        ListenOptions? http1 = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ListenGrpc(new IPEndPoint(IPAddress.Loopback, 0), listen => h2c = listen);
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                http1 = listen;
            });
        });
        if (useEndpointRouting)
        {
            builder.Services.AddRouting();
        }

        var app = builder.Build();
        var registry = new GrpcServiceRegistry();
        register(registry);
        if (useEndpointRouting)
        {
            app.UseRouting();
            app.MapGrpcServices(registry, options);
        }
        else
        {
            app.UseGrpcServices(registry, options);
        }

        await app.StartAsync();
        return new GrpcTestServer(app, h2c!, http1!, logs);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
