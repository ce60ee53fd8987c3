namespace AcquirerEngine.Runtime.Placement;

/// <summary>
/// No node can run the grain right now: its shard is between owners, or the owner could not be reached. Nothing was
/// done; the caller may retry after <see cref="RetryAfter"/>.
/// </summary>
public sealed class GrainUnavailableException : Exception
{
    public GrainUnavailableException(GrainId grainId, string reason, TimeSpan retryAfter, Exception? inner = null)
        : base($"Grain {grainId} is unavailable: {reason}. Retry after {retryAfter.TotalMilliseconds:F0} ms.", inner)
    {
        GrainId = grainId;
        RetryAfter = retryAfter;
    }

    public GrainId GrainId { get; }

    public TimeSpan RetryAfter { get; }
}
