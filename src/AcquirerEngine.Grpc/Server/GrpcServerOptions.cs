namespace AcquirerEngine.Grpc;

/// <summary>Limits and diagnostics of the gRPC server side; one instance is shared by every call.</summary>
public sealed class GrpcServerOptions
{
    /// <summary>
    /// Largest request message accepted, in bytes (default 4 MiB, as in other gRPC implementations);
    /// null means unlimited. Larger messages end the call with RESOURCE_EXHAUSTED before being buffered.
    /// </summary>
    public int? MaxReceiveMessageSize { get; set; } = GrpcProtocol.DefaultMaxMessageSize;

    /// <summary>Largest response message sent, in bytes (default 4 MiB); null means unlimited.</summary>
    public int? MaxSendMessageSize { get; set; } = GrpcProtocol.DefaultMaxMessageSize;

    /// <summary>
    /// When true, the type and message of an unexpected handler exception are sent to the client.
    /// Off by default because exception text can leak internals; meant for development only.
    /// </summary>
    public bool EnableDetailedErrors { get; set; }

    /// <summary>
    /// Chooses the status of an unexpected handler exception, after it has been logged: the host knows which of its
    /// failures a client should retry (a storage failure is UNAVAILABLE). Null, or a null answer, leaves it UNKNOWN.
    /// </summary>
    public Func<Exception, RpcException?>? UnexpectedExceptionStatus { get; set; }
}
