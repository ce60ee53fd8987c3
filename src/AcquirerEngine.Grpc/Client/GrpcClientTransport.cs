namespace AcquirerEngine.Grpc;

/// <summary>How a <see cref="GrpcClient"/> carries its calls.</summary>
public enum GrpcClientTransport
{
    /// <summary>.NET's HttpClient (SocketsHttpHandler): http and https, unary and server-streaming calls.</summary>
    HttpClient = 0,

    /// <summary>
    /// This library's own HTTP/2 connections with prior knowledge (http:// only) for unary calls, which cost the
    /// client a fraction of HttpClient's CPU and allocations per call, and let concurrent calls share a send; for a
    /// load generator that must leave the cores to the server it measures. Server-streaming calls still go through
    /// HttpClient.
    /// </summary>
    DirectHttp2 = 1,
}
