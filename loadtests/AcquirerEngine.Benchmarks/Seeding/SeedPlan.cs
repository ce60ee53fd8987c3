using AcquirerEngine.Domain.Settlement;

namespace AcquirerEngine.Benchmarks.Seeding;

/// <summary>
/// What to load through the grains: merchants, terminals spread round-robin over them, and sales spread
/// round-robin over the terminals, all at <see cref="SaleLocalTime"/>, with amounts drawn from <see cref="Seed"/>.
/// </summary>
public sealed record SeedPlan
{
    public required int Merchants { get; init; }

    public required int Terminals { get; init; }

    public required long Sales { get; init; }

    public required DateTime SaleLocalTime { get; init; }

    public SettlementCycle Cycle { get; init; } = SettlementCycle.T1;

    /// <summary>Smallest and largest sale (minor units); amounts avoid round figures so no round-amount alert fires.</summary>
    public long MinSaleMinor { get; init; } = 20_01;

    public long MaxSaleMinor { get; init; } = 500_99;

    public int Seed { get; init; } = 20261117;

    /// <summary>Calls in flight at once while seeding (turns of one grain are serial anyway).</summary>
    public int Concurrency { get; init; } = 64;

    /// <summary>The problem with the plan in words naming the option, or null when it is usable.</summary>
    public string? Problem =>
        Merchants < 1 ? "--merchants must be at least 1"
        : Terminals < Merchants ? "--terminals must be at least --merchants (every merchant has a terminal)"
        : Terminals > 9_999_999 ? "--terminals must be at most 9,999,999 (terminal ids have 7 digits)"
        : Sales < 0 ? "--sales must not be negative"
        : Sales > (long)Terminals * 999_999 ? "--sales must be at most 999,999 per terminal (STAN range)"
        : MinSaleMinor < 1 || MaxSaleMinor < MinSaleMinor ? "sale amounts must be positive and min <= max"
        : Concurrency < 1 ? "--concurrency must be at least 1"
        : null;
}
