using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace AcquirerEngine.Grpc;

/// <summary>Kestrel listeners suitable for gRPC: HTTP/2 only, cleartext with prior knowledge or TLS with ALPN h2.</summary>
public static class GrpcKestrelExtensions
{
    /// <summary>
    /// Listens for cleartext HTTP/2 with prior knowledge (h2c). HTTP/1.1 cannot be offered on the same
    /// cleartext port (there is no ALPN to choose), so this endpoint speaks HTTP/2 only.
    /// </summary>
    /// <param name="options">The Kestrel options.</param>
    /// <param name="endPoint">Where to listen; port 0 picks a free port (read it back from <see cref="ListenOptions.IPEndPoint"/> after start).</param>
    /// <param name="configure">Optional further configuration of the listener (e.g. connection logging).</param>
    public static KestrelServerOptions ListenGrpc(
        this KestrelServerOptions options,
        IPEndPoint endPoint,
        Action<ListenOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(endPoint);
        options.Listen(endPoint, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            configure?.Invoke(listen);
        });
        return options;
    }

    /// <summary>Listens for HTTP/2 over TLS with <paramref name="certificate"/>; ALPN negotiates "h2".</summary>
    public static KestrelServerOptions ListenGrpcTls(
        this KestrelServerOptions options,
        IPEndPoint endPoint,
        X509Certificate2 certificate,
        Action<ListenOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(endPoint);
        ArgumentNullException.ThrowIfNull(certificate);
        options.Listen(endPoint, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.UseHttps(certificate);
            configure?.Invoke(listen);
        });
        return options;
    }
}
