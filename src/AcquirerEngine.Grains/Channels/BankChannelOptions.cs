using AcquirerEngine.Grains.Alerts;

namespace AcquirerEngine.Grains.Channels;

/// <summary>Wiring and bounds of the payout rails (every bound is a named setting with a test at its edge).</summary>
public sealed record BankChannelOptions
{
    /// <summary>Key of the <see cref="Bank.ISimulatedBankGrain"/> the rails credit.</summary>
    public string BankGrainKey { get; init; } = "simbank";

    /// <summary>Key of the <see cref="IAlertGrain"/> that receives queue-SLA alerts.</summary>
    public string AlertGrainKey { get; init; } = AlertGrain.EngineKey;

    /// <summary>The acquirer's local time zone: channel hours, holidays and windows are local wall times.</summary>
    public TimeZoneInfo TimeZone { get; init; } = AcquirerClock.ChinaStandardTime;

    /// <summary>
    /// Payouts one rail holds; an enqueue beyond it is refused with <see cref="EnqueueOutcome.QueueFull"/>. The default
    /// holds a golden-week backlog of 1,000,000 payouts on one rail (issue 4): the whole queue lives in the rail's
    /// memory (about 1 KB of managed heap per queued payout, measured by the backlog benchmark, see docs/BENCHMARKS.md), and its snapshot is
    /// rewritten only as often as its own size in records is appended (JournaledGrain), so the bound is memory,
    /// not write cost. At most <see cref="MaxQueueDepthLimit"/>.
    /// </summary>
    public int MaxQueueDepth { get; init; } = 1_000_000;

    /// <summary>The largest <see cref="MaxQueueDepth"/> accepted: about 10 GB of queue in one rail's memory.</summary>
    public const int MaxQueueDepthLimit = 10_000_000;

    /// <summary>Finished payout ids a rail remembers to answer a repeated enqueue (older ones are still refused by the journal).</summary>
    public int CompletedHistoryCapacity { get; init; } = 10_000;

    /// <summary>Payouts marked "sending" in one durable write before their bank calls (bounds write size and lost work).</summary>
    public int SendChunkSize { get; init; } = 100;

    /// <summary>Future maintenance windows one rail keeps.</summary>
    public int MaxMaintenanceWindows { get; init; } = 100;

    /// <summary>The runtime's smallest reminder period (GrainRuntimeOptions.ReminderMinimumPeriod).</summary>
    public TimeSpan MinimumDrainPeriod { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>When no opening lies within the schedule's search horizon, look again after this long.</summary>
    public TimeSpan RecheckWhenNoOpening { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Delay before retrying notices the sink failed to take while nothing else is queued.</summary>
    public TimeSpan NoticeRetryDelay { get; init; } = TimeSpan.FromSeconds(5);

    public static BankChannelOptions Default { get; } = new();

    public bool IsValid =>
        !string.IsNullOrWhiteSpace(BankGrainKey)
        && !string.IsNullOrWhiteSpace(AlertGrainKey)
        && MaxQueueDepth is > 0 and <= MaxQueueDepthLimit
        && CompletedHistoryCapacity > 0
        && SendChunkSize > 0
        && MaxMaintenanceWindows > 0
        && MinimumDrainPeriod > TimeSpan.Zero
        && RecheckWhenNoOpening > TimeSpan.Zero
        && NoticeRetryDelay > TimeSpan.Zero;
}
