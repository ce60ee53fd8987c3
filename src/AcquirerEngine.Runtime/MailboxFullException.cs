namespace AcquirerEngine.Runtime;

/// <summary>
/// A call was rejected because the grain already holds <see cref="Capacity"/> pending calls.
/// Backpressure instead of an unbounded queue: the caller decides whether to retry.
/// </summary>
public sealed class MailboxFullException : Exception
{
    public MailboxFullException(GrainId grainId, int capacity)
        : base($"The mailbox of grain {grainId} is full ({capacity} pending calls); the call was rejected.")
    {
        GrainId = grainId;
        Capacity = capacity;
    }

    public GrainId GrainId { get; }

    public int Capacity { get; }
}
