using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace AcquirerEngine.Server.Metrics;

/// <summary>
/// The /metrics endpoint on its own plain HTTP/1.1 port (Prometheus scrapes HTTP/1.1; the gRPC port speaks
/// HTTP/2 only). Requests arriving on that port never reach the gRPC pipeline, and /metrics is not served
/// on the gRPC port.
/// </summary>
public sealed class MetricsEndpoint
{
    public const string Path = "/metrics";

    private readonly IPEndPoint _configured;
    private readonly MetricsCollector _collector;
    private ListenOptions? _listen;

    public MetricsEndpoint(IPEndPoint configured, MetricsCollector collector)
    {
        ArgumentNullException.ThrowIfNull(configured);
        ArgumentNullException.ThrowIfNull(collector);
        _configured = configured;
        _collector = collector;
    }

    /// <summary>Where it listens, with the real port once Kestrel has started (the configured one was maybe 0).</summary>
    public IPEndPoint EndPoint => _listen?.IPEndPoint ?? _configured;

    /// <summary>The URL of the endpoint's root, as printed at start.</summary>
    public string Address => $"http://{EndPoint}";

    /// <summary>Adds the HTTP/1.1 listener to Kestrel (called when Kestrel reads its options).</summary>
    public void Listen(KestrelServerOptions kestrel)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        kestrel.Listen(_configured, listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            _listen = listen;
        });
    }

    /// <summary>Whether <paramref name="address"/> (from the server's address list) is this endpoint's.</summary>
    public bool IsAddress(string address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Port == EndPoint.Port;

    /// <summary>Answers every request on the metrics port: GET or HEAD /metrics, else 404 or 405.</summary>
    public void UseIn(IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(next => http => http.Connection.LocalPort == EndPoint.Port ? ServeAsync(http) : next(http));
    }

    private async Task ServeAsync(HttpContext http)
    {
        if (http.Request.Path != Path)
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
        {
            http.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            http.Response.Headers.Allow = "GET, HEAD";
            return;
        }

        var text = _collector.CollectText();
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = PrometheusTextWriter.ContentType;
        if (HttpMethods.IsGet(http.Request.Method))
        {
            await http.Response.WriteAsync(text, http.RequestAborted);
        }
    }
}
