using System.Globalization;
using AcquirerEngine.Benchmarks.Reporting;

namespace AcquirerEngine.Benchmarks.SchemaUpgrade;

/// <summary>
/// How long this build takes to open a SQLite file of an earlier schema: the pending steps run once, in one
/// transaction holding the write lock, before the store serves anything. The file is written first (not timed).
/// </summary>
public sealed record SchemaUpgradeResult : IBenchmarkResult
{
    public string Benchmark => "schema-upgrade";

    public string Store => "sqlite";

    public required int FromVersion { get; init; }

    public required int ToVersion { get; init; }

    public required long Records { get; init; }

    public required int Grains { get; init; }

    /// <summary>The database file's size before the upgrade (its WAL checkpointed into it).</summary>
    public required long FileBytes { get; init; }

    /// <summary>Seconds spent writing the earlier schema's file (setup, not the measurement).</summary>
    public required double WriteSeconds { get; init; }

    /// <summary>Seconds from the open's start until the store is ready: the pending steps and the store's own start.</summary>
    public required double UpgradeSeconds { get; init; }

    public double RecordsPerSecond => UpgradeSeconds <= 0 ? 0 : Math.Round(Records / UpgradeSeconds, 0);

    /// <summary>Seconds of SQLite's integrity_check on the upgraded file (one of the checks).</summary>
    public required double IntegrityCheckSeconds { get; init; }

    public double? HostLoadAverage { get; init; } = HostLoad.OneMinute();

    public int HostProcessors { get; init; } = Environment.ProcessorCount;

    public required bool Passed { get; init; }

    public required IReadOnlyList<string> Failures { get; init; }

    public string HumanLine() => string.Create(
        CultureInfo.InvariantCulture,
        $"schema-upgrade [{Store}]: schema {FromVersion} to {ToVersion}, {Records:N0} records over {Grains:N0} grains ({FileBytes / 1048576.0:N1} MiB): "
        + $"opened in {UpgradeSeconds:N2} s ({RecordsPerSecond:N0} records/s), integrity_check {IntegrityCheckSeconds:N2} s; checks {(Passed ? "passed" : "FAILED")}");
}
