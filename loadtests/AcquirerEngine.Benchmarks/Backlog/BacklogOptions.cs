using AcquirerEngine.Benchmarks.Hosting;

namespace AcquirerEngine.Benchmarks.Backlog;

/// <summary>
/// Item 5's size by default: 1,000,000 payouts queued on HVPS over golden week, released at its reopening. The first
/// <see cref="EffectiveMerchants"/> come from real merchants' settlement runs; the rest are bulk payouts the
/// benchmark hands to the rail itself (see <see cref="BacklogBenchmark"/>).
/// </summary>
public sealed record BacklogOptions
{
    /// <summary>Real merchants seeded when <see cref="Merchants"/> is not given: their serial settlement runs are slow.</summary>
    public const int DefaultMerchants = 10_000;

    public int Payouts { get; init; } = 1_000_000;

    /// <summary>
    /// Merchants seeded through terminals, sales and their 00:30 settlement run, one payout each (at most
    /// <see cref="Payouts"/>); null: all payouts up to <see cref="DefaultMerchants"/>.
    /// </summary>
    public int? Merchants { get; init; }

    public int Concurrency { get; init; } = 64;

    public int Seed { get; init; } = 20261002;

    public StoreSelection Store { get; init; } = StoreSelection.Sqlite;

    /// <summary>The rail's queue bound holds the whole backlog (the product default, 1,000,000, does for the size).</summary>
    public EngineOptions? Engine { get; init; }

    /// <summary>The target for item 5 on the 2-core machine.</summary>
    public const double TargetOverheadSeconds = 5;

    public int EffectiveMerchants => Math.Min(Payouts, Merchants ?? DefaultMerchants);

    /// <summary>Payouts the benchmark enqueues itself, beyond the merchants' own.</summary>
    public int BulkPayouts => Payouts - EffectiveMerchants;

    public EngineOptions EffectiveEngine => Engine ?? new EngineOptions
    {
        MaxQueueDepth = Math.Max(Payouts, Grains.Channels.BankChannelOptions.Default.MaxQueueDepth),
        MaxActivations = Math.Max(100_000, (2 * EffectiveMerchants) + 1_000),
    };

    /// <summary>The problem with the sizes in words naming the option, or null.</summary>
    public string? Problem =>
        Payouts < 1 ? "--payouts must be at least 1"
        : Payouts > Grains.Channels.BankChannelOptions.MaxQueueDepthLimit ? $"--payouts must be at most {Grains.Channels.BankChannelOptions.MaxQueueDepthLimit:N0} (the rail's queue bound limit)"
        : Merchants is < 1 ? "--merchants must be at least 1"
        : null;
}
