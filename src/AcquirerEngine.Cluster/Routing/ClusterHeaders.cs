namespace AcquirerEngine.Cluster.Routing;

/// <summary>Metadata keys of the node-to-node protocol (the retry hint is also what the front door sends terminals).</summary>
public static class ClusterHeaders
{
    /// <summary>Trailer: how long to wait before retrying an UNAVAILABLE call, in milliseconds.</summary>
    public const string RetryAfterMilliseconds = "retry-after-ms";

    /// <summary>Trailer: the CLR type of the exception the grain threw on its node.</summary>
    public const string ExceptionType = "acquirer-exception-type";
}
