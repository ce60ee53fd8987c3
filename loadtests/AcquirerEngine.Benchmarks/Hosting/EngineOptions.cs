using AcquirerEngine.Grains.Channels;

namespace AcquirerEngine.Benchmarks.Hosting;

/// <summary>
/// The engine's bounds a benchmark may change from the product defaults, each for a stated reason (the run
/// reports the values it used, so a figure is never read without its bounds).
/// </summary>
public sealed record EngineOptions
{
    /// <summary>Activations the runtime holds (GrainRuntimeOptions.MaxActivations; product default 100,000).</summary>
    public int MaxActivations { get; init; } = 100_000;

    /// <summary>Payouts one rail may hold queued (BankChannelOptions.MaxQueueDepth; product default 1,000,000).</summary>
    public int MaxQueueDepth { get; init; } = BankChannelOptions.Default.MaxQueueDepth;

    /// <summary>Reminder ticks delivered at once (GrainRuntimeOptions.ReminderDeliveryConcurrency; product default 256).</summary>
    public int ReminderDeliveryConcurrency { get; init; } = new AcquirerEngine.Runtime.GrainRuntimeOptions().ReminderDeliveryConcurrency;

    /// <summary>Largest approved sale (the product's default limit is lower than a golden-week payout needs).</summary>
    public long PerSaleLimitMinor { get; init; } = 1_000_000_00;
}
