using AcquirerEngine.Benchmarks.Hosting;

namespace AcquirerEngine.Benchmarks.Settlement;

/// <summary>Item 4's sizes by default: 1,000,000 captured sales across 100,000 merchants (one terminal each).</summary>
public sealed record SettlementOptions
{
    public int Merchants { get; init; } = 100_000;

    public int Terminals { get; init; } = 100_000;

    public long Sales { get; init; } = 1_000_000;

    public int Concurrency { get; init; } = 64;

    public int Seed { get; init; } = 20261117;

    public StoreSelection Store { get; init; } = StoreSelection.Sqlite;

    public EngineOptions Engine { get; init; } = new();

    /// <summary>The target for item 4 on the 2-core machine.</summary>
    public const double TargetSeconds = 10;
}
