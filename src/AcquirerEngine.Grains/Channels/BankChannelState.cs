using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Grains.Payouts;

namespace AcquirerEngine.Grains.Channels;

/// <summary>A rail's durable state: the FIFO queue, finished ids, maintenance windows, pacing and the notice outbox.</summary>
public sealed class BankChannelState
{
    /// <summary>Oldest first; only the head ever leaves (credited or returned), so order is kept.</summary>
    public List<QueuedPayout> Queue { get; set; } = [];

    /// <summary>Bounded by <see cref="BankChannelOptions.CompletedHistoryCapacity"/>, oldest dropped.</summary>
    /// <summary>Sent payouts the bank answered Pending (latency), re-asked when due; they are no longer queued.</summary>
    public List<AwaitingPayout> AwaitingConfirmation { get; set; } = [];

    public List<FinishedPayout> Finished { get; set; } = [];

    public List<MaintenanceWindow> Maintenance { get; set; } = [];

    /// <summary>Scheduled instant of the last drain: the rate guard against doubled reminder ticks.</summary>
    public DateTimeOffset? LastDrainUtc { get; set; }

    /// <summary>The payout that was oldest when the current queue-SLA episode began; null when no episode is open.</summary>
    public string? SlaEpisodePayoutId { get; set; }

    /// <summary>Notices recorded but not yet taken by the sink, in order (at-least-once delivery).</summary>
    public List<PayoutNotice> Outbox { get; set; } = [];

    public string? LastSinkError { get; set; }
}
