namespace AcquirerEngine.Grpc;

/// <summary>
/// A gRPC call ended with a non-OK status. Thrown by handlers to choose the status the client sees,
/// and thrown by the client when the server (or the transport) ended a call with a non-OK status.
/// </summary>
public sealed class RpcException : Exception
{
    /// <summary>Creates the exception for <paramref name="statusCode"/> with a human-readable detail.</summary>
    public RpcException(StatusCode statusCode, string detail)
        : this(statusCode, detail, trailers: null, innerException: null)
    {
    }

    /// <summary>Creates the exception with trailers that travel with the status.</summary>
    public RpcException(StatusCode statusCode, string detail, Metadata? trailers)
        : this(statusCode, detail, trailers, innerException: null)
    {
    }

    /// <summary>Creates the exception keeping the local cause (never sent to the peer).</summary>
    public RpcException(StatusCode statusCode, string detail, Metadata? trailers, Exception? innerException)
        : base($"Status(StatusCode=\"{statusCode}\", Detail=\"{detail}\")", innerException)
    {
        StatusCode = statusCode;
        Detail = detail ?? string.Empty;
        Trailers = trailers ?? new Metadata();
    }

    /// <summary>The gRPC status code.</summary>
    public StatusCode StatusCode { get; }

    /// <summary>The status message (the decoded <c>grpc-message</c>).</summary>
    public string Detail { get; }

    /// <summary>Custom trailers sent (server side) or received (client side) with the status.</summary>
    public Metadata Trailers { get; }
}
