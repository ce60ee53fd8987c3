using AcquirerEngine.Benchmarks.Hosting;

namespace AcquirerEngine.Benchmarks.History;

/// <summary>What <c>acquirer-bench history</c> measures: the per-sale cost on one merchant and terminal after each prior history size.</summary>
public sealed record HistoryOptions
{
    public const int MaxHistory = 800_000;
    public const int MaxSales = 99_999;

    /// <summary>Prior sales on the one merchant and terminal before each measurement.</summary>
    public IReadOnlyList<int> Histories { get; init; } = [0, 256, 10_000];

    /// <summary>Sales measured through the grains after each history.</summary>
    public int Sales { get; init; } = 1_000;

    /// <summary>Voids measured through the grains after those sales (of the measured sales, so at most <see cref="Sales"/>).</summary>
    public int Voids { get; init; } = 500;

    /// <summary>Captures measured per round in the pure domain (risk evaluation and record; terminal decide and apply).</summary>
    public int DomainCaptures { get; init; } = 20_000;

    /// <summary>Rounds of the domain measurement; the median round is reported.</summary>
    public int Rounds { get; init; } = 7;

    public int Seed { get; init; } = 20261122;

    public StoreSelection Store { get; init; } = StoreSelection.Memory;

    public EngineOptions Engine { get; init; } = new();

    /// <summary>The problem in words naming the option, or null when the options are usable.</summary>
    public string? Problem =>
        Histories.Count == 0 ? "--history needs at least one size"
        : Histories.Any(h => h is < 0 or > MaxHistory) ? $"--history sizes must be between 0 and {MaxHistory:N0}"
        : Sales is < 1 or > MaxSales ? $"--sales must be between 1 and {MaxSales:N0}"
        : Voids < 0 || Voids > Sales ? "--voids must be between 0 and --sales"
        : DomainCaptures < 1 ? "--domain-captures must be at least 1"
        : Rounds < 1 ? "--rounds must be at least 1"
        : null;
}
