using AcquirerEngine.Benchmarks.Hosting;

namespace AcquirerEngine.Benchmarks.Backlog;

/// <summary>Item 5's size by default: 1,000,000 payouts queued on HVPS over golden week, released at its reopening.</summary>
public sealed record BacklogOptions
{
    public int Payouts { get; init; } = 1_000_000;

    public int Concurrency { get; init; } = 64;

    public int Seed { get; init; } = 20261002;

    public StoreSelection Store { get; init; } = StoreSelection.Sqlite;

    /// <summary>The rail's queue bound is raised to hold the whole backlog (the product default, 10,000, would refuse the rest).</summary>
    public EngineOptions? Engine { get; init; }

    /// <summary>The target for item 5 on the 2-core machine.</summary>
    public const double TargetOverheadSeconds = 5;

    public EngineOptions EffectiveEngine => Engine ?? new EngineOptions
    {
        MaxQueueDepth = Math.Max(Payouts, Grains.Channels.BankChannelOptions.Default.MaxQueueDepth),
        MaxActivations = Math.Max(100_000, (2 * Payouts) + 1_000),
    };
}
