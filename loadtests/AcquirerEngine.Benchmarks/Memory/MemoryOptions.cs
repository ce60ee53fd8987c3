using AcquirerEngine.Benchmarks.Hosting;

namespace AcquirerEngine.Benchmarks.Memory;

/// <summary>Item 6's sizes by default: 100,000 active merchants, 1,000,000 terminals, one sale per terminal.</summary>
public sealed record MemoryOptions
{
    public int Merchants { get; init; } = 100_000;

    public int Terminals { get; init; } = 1_000_000;

    public long Sales { get; init; } = 1_000_000;

    public int Concurrency { get; init; } = 64;

    public int Seed { get; init; } = 20261117;

    public StoreSelection Store { get; init; } = StoreSelection.Sqlite;

    /// <summary>The target for item 6: 1 GiB.</summary>
    public const long TargetBytes = 1L << 30;

    /// <summary>Every merchant and terminal must stay active: the runtime may hold them all.</summary>
    public EngineOptions Engine => new() { MaxActivations = Merchants + Terminals + 1_000 };
}
