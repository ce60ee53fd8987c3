namespace AcquirerEngine.Grains.Channels;

public enum EnqueueOutcome
{
    /// <summary>Queued (durably); it is sent when the rail is open, in order, at the rail's rate.</summary>
    Queued = 1,

    /// <summary>This payout id is already in the queue: nothing changed.</summary>
    AlreadyQueued = 2,

    /// <summary>This payout id was already credited or returned by this rail (or another): nothing changed.</summary>
    AlreadyFinished = 3,

    /// <summary>The queue holds <see cref="BankChannelOptions.MaxQueueDepth"/> payouts: refused, try later or another rail.</summary>
    QueueFull = 4,

    /// <summary>The instruction names another rail.</summary>
    WrongChannel = 5,

    /// <summary>The amount is not positive, or above every per-item cap the rail ever allows.</summary>
    InvalidAmount = 6,

    /// <summary>
    /// This payout id was already sent by this rail and the bank accepted it, but has not confirmed it landed
    /// (in transit under bank latency): nothing changed, the credit or return notice follows.
    /// </summary>
    AlreadyInTransit = 7,
}
