using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Grains.Payouts;
using AcquirerEngine.Runtime;

namespace AcquirerEngine.Grains.Channels;

/// <summary>
/// One payout rail (key: the <see cref="ChannelKind"/> name, e.g. "Hvps"). Queues payouts in order while
/// the rail is closed (hours, holidays, maintenance), drains them at the rail's modeled rate when it is
/// open, sends each exactly once to the bank, reports progress to the payout event sink and raises an
/// alert when the queue is older than the rail's SLA.
/// </summary>
public interface IBankChannelGrain : IGrainWithStringKey
{
    /// <summary>Idempotent by payout id. Refusals (full queue, wrong rail, bad amount) are results, not exceptions.</summary>
    Task<PayoutEnqueueResult> EnqueueAsync(PayoutInstruction instruction);

    /// <summary>Idempotent by window id; a changed window with the same id replaces the old one.</summary>
    Task<MaintenanceOutcome> ScheduleMaintenanceAsync(MaintenanceWindow window);

    Task<MaintenanceOutcome> CancelMaintenanceAsync(string windowId);

    Task<BankChannelStatus> GetStatusAsync();

    /// <summary>The queued payout ids in send order (at most <paramref name="max"/>).</summary>
    Task<IReadOnlyList<string>> ListQueueAsync(int max);

    /// <summary>The rail's own notice delivery reporting back (see BankChannelGrain); not for other callers.</summary>
    Task AcknowledgeNoticesAsync(IReadOnlyList<PayoutNotice> delivered, string? error);
}
