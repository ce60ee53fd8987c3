using System.Net;
using Microsoft.AspNetCore.Http;

namespace AcquirerEngine.Grpc;

/// <summary>
/// What a handler knows about its call besides the request message: who called, with which metadata,
/// until when, and a token that fires when the deadline passes or the client goes away.
/// </summary>
public sealed class ServerCallContext
{
    /// <summary>
    /// Creates a context. The server builds these itself; the public constructor exists so handlers can be
    /// unit-tested without HTTP. <paramref name="requestHeaders"/> is made read-only.
    /// </summary>
    public ServerCallContext(
        string method,
        DateTimeOffset? deadline,
        Metadata requestHeaders,
        string peer,
        CancellationToken cancellationToken)
        : this(method, deadline, requestHeaders, peerAddress: null, peerPort: 0, cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peer);
        _peer = peer;
    }

    /// <summary>
    /// The server's context: the peer's text is formatted only if a handler asks for it (few do, and it is a
    /// string per call).
    /// </summary>
    internal ServerCallContext(
        string method,
        DateTimeOffset? deadline,
        Metadata requestHeaders,
        IPAddress? peerAddress,
        int peerPort,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(requestHeaders);
        Method = method;
        Deadline = deadline;
        RequestHeaders = requestHeaders.MakeReadOnly();
        _peerAddress = peerAddress;
        _peerPort = peerPort;
        CancellationToken = cancellationToken;
    }

    private readonly IPAddress? _peerAddress;
    private readonly int _peerPort;
    private string? _peer;
    private Metadata? _responseTrailers;

    private static readonly AsyncLocal<ServerCallContext?> Ambient = new();

    /// <summary>
    /// The call whose handler is running on this async flow, or null outside a handler: how code far below the
    /// service (a grain call forwarded to another node) learns the caller's deadline without threading it through.
    /// </summary>
    public static ServerCallContext? Current
    {
        get => Ambient.Value;
        internal set => Ambient.Value = value;
    }

    /// <summary>The full method name, the HTTP/2 path: "/package.Service/Method".</summary>
    public string Method { get; }

    /// <summary>When the call expires (from the client's grpc-timeout); null when the client set none.</summary>
    public DateTimeOffset? Deadline { get; }

    /// <summary>Cancelled when the deadline passes or the client cancels/resets the stream.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The request's custom metadata, lower-case keys, read-only (transport headers excluded).</summary>
    public Metadata RequestHeaders { get; }

    /// <summary>The peer in gRPC notation, e.g. "ipv4:127.0.0.1:50312" or "ipv6:[::1]:50312".</summary>
    public string Peer => _peer ??= GrpcServerCall.FormatPeer(_peerAddress, _peerPort);

    /// <summary>Custom trailers the handler wants sent with the final status (on success or failure).</summary>
    public Metadata ResponseTrailers => LazyInitializer.EnsureInitialized(ref _responseTrailers);

    /// <summary>The response trailers if a handler asked for them, else null: most calls send none and make none.</summary>
    internal Metadata? ResponseTrailersIfAny => Volatile.Read(ref _responseTrailers);

    /// <summary>The underlying HTTP request (null in unit tests); an escape hatch for e.g. client certificates.</summary>
    public HttpContext? HttpContext { get; init; }
}
