namespace AcquirerEngine.Grpc;

/// <summary>Per-call settings of a client call; every property is optional.</summary>
public sealed record CallOptions
{
    /// <summary>An absolute deadline; sent to the server as grpc-timeout (the time remaining when sent).</summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>A relative timeout, counted from the start of the call; the earlier of this and <see cref="Deadline"/> wins.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Custom request metadata, e.g. <c>authorization: Bearer ...</c>.</summary>
    public Metadata? Headers { get; init; }

    /// <summary>Cancels the call; the caller then sees CANCELLED.</summary>
    public CancellationToken CancellationToken { get; init; }
}
