using AcquirerEngine.Domain.Channels;

namespace AcquirerEngine.Grains.Channels;

/// <summary>
/// A rail as an operator sees it: state and reason now, next opening (local), queue depth and the age of the
/// oldest queued payout, payouts whose bank reply is outstanding, whether a queue-SLA alert episode is open,
/// notices not yet taken by the sink, the maintenance windows still ahead, and the payouts sent and awaiting the
/// bank's confirmation (in transit under bank latency: no longer queued, not yet credited).
/// </summary>
public sealed record BankChannelStatus(
    ChannelKind Channel,
    ChannelState State,
    string Reason,
    DateTime? NextOpeningLocal,
    int QueueDepth,
    TimeSpan? OldestQueuedAge,
    int SendingCount,
    bool SlaAlertActive,
    int PendingNotices,
    IReadOnlyList<MaintenanceWindow> MaintenanceWindows,
    int AwaitingConfirmationCount);
