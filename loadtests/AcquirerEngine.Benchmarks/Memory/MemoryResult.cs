using System.Globalization;
using AcquirerEngine.Benchmarks.Reporting;

namespace AcquirerEngine.Benchmarks.Memory;

/// <summary>
/// Item 6: memory after a full blocking, compacting GC with every seeded merchant and terminal active. The
/// baseline is the same process with the engine started and nothing seeded, so the per-grain figures are the
/// activations' own cost (state, mailboxes, indexes), not the runtime's or the store's fixed cost.
/// </summary>
public sealed record MemoryResult : IBenchmarkResult
{
    public string Benchmark => "memory";

    public required string Store { get; init; }

    public required int Merchants { get; init; }

    public required int Terminals { get; init; }

    public required long Sales { get; init; }

    public required int ActiveActivations { get; init; }

    public required double SeedSeconds { get; init; }

    public required long BaselineManagedBytes { get; init; }

    public required long ManagedBytes { get; init; }

    public required long BaselineWorkingSetBytes { get; init; }

    public required long WorkingSetBytes { get; init; }

    public long ManagedDeltaBytes => ManagedBytes - BaselineManagedBytes;

    /// <summary>Managed bytes each active grain (merchant or terminal) adds, on average.</summary>
    public double BytesPerActivation => (Merchants + Terminals) == 0 ? 0 : Math.Round((double)ManagedDeltaBytes / (Merchants + Terminals), 1);

    /// <summary>Managed growth while onboarding, per merchant (profile, empty ledger, reminder, directory entry).</summary>
    public required double BytesPerMerchant { get; init; }

    /// <summary>Managed growth while registering and signing on, per terminal (its grain, and its id on the merchant).</summary>
    public required double BytesPerTerminal { get; init; }

    /// <summary>Managed growth while selling, per sale (in the terminal's batch and the merchant's ledger).</summary>
    public required double BytesPerSale { get; init; }

    public long TargetBytes => MemoryOptions.TargetBytes;

    /// <summary>Working set / target: above 1 the target is missed by that factor.</summary>
    public double RatioToTarget => Math.Round((double)WorkingSetBytes / TargetBytes, 3);

    /// <summary>The host's 1-minute load average at the end of the run, with its CPU count (figures under load are upper bounds).</summary>
    public double? HostLoadAverage { get; init; } = HostLoad.OneMinute();

    public int HostProcessors { get; init; } = Environment.ProcessorCount;

    public required bool Passed { get; init; }

    public required IReadOnlyList<string> Failures { get; init; }

    public string HumanLine() => string.Create(
        CultureInfo.InvariantCulture,
        $"memory [{Store}]: {Merchants:N0} merchants + {Terminals:N0} terminals active ({Sales:N0} sales): managed {ManagedBytes / 1048576.0:N1} MiB "
        + $"({ManagedDeltaBytes / 1048576.0:N1} MiB over baseline: {BytesPerMerchant:N0} B/merchant, {BytesPerTerminal:N0} B/terminal, {BytesPerSale:N0} B/sale), working set {WorkingSetBytes / 1048576.0:N1} MiB "
        + $"(target {TargetBytes / 1048576.0:N0} MiB, ratio {RatioToTarget:0.00}); checks {(Passed ? "passed" : "FAILED")}");
}
