using System.Net.Security;

namespace AcquirerEngine.Grpc;

/// <summary>Settings of a <see cref="GrpcClient"/>, fixed for its lifetime.</summary>
public sealed class GrpcClientOptions
{
    /// <summary>Largest response message accepted, in bytes (default 4 MiB); null means unlimited.</summary>
    public int? MaxReceiveMessageSize { get; set; } = GrpcProtocol.DefaultMaxMessageSize;

    /// <summary>Largest request message sent, in bytes; null (the default, as in other gRPC clients) means unlimited.</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>
    /// A handler to send requests through instead of the built-in <see cref="System.Net.Http.SocketsHttpHandler"/>
    /// (e.g. for client certificates). It must support HTTP/2. It is not disposed with the client.
    /// </summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>Custom server certificate validation for https addresses (e.g. a pinned or test certificate).</summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; set; }

    /// <summary>
    /// How unary calls travel (default <see cref="GrpcClientTransport.HttpClient"/>);
    /// <see cref="GrpcClientTransport.DirectHttp2"/> needs an http:// address and no <see cref="HttpHandler"/>.
    /// </summary>
    public GrpcClientTransport Transport { get; set; } = GrpcClientTransport.HttpClient;

    /// <summary>How long to wait for a TCP/TLS connection before the call fails with UNAVAILABLE (default 10 s).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
