using AcquirerEngine.Domain.Channels;

namespace AcquirerEngine.Grains.Channels;

/// <summary>
/// The answer to an enqueue: what happened, the payout's 1-based place in the queue (null when not queued),
/// the rail's state now, a reason in words (naming the reopening when the rail is closed) and the next opening.
/// </summary>
public sealed record PayoutEnqueueResult(
    EnqueueOutcome Outcome,
    int? Position,
    ChannelState ChannelState,
    string Reason,
    DateTime? NextOpeningLocal)
{
    public bool IsQueued => Outcome is EnqueueOutcome.Queued or EnqueueOutcome.AlreadyQueued;
}
