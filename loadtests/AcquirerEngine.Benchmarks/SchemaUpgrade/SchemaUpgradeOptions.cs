namespace AcquirerEngine.Benchmarks.SchemaUpgrade;

/// <summary>
/// What <c>acquirer-bench schema-upgrade</c> measures: opening, on this build, a SQLite file as an earlier schema left
/// it, with <see cref="Records"/> journal records spread over <see cref="Grains"/> grains.
/// </summary>
public sealed record SchemaUpgradeOptions
{
    public const long MaxRecords = 20_000_000;

    /// <summary>The schema the file is written in (3 or 4): the steps after it are what the open applies, and is timed on.</summary>
    public int FromVersion { get; init; } = 3;

    public long Records { get; init; } = 1_000_000;

    public int Grains { get; init; } = 100_000;

    /// <summary>Bytes of each record's payload (a sale's answer in JSON is about this size).</summary>
    public int PayloadBytes { get; init; } = 200;

    /// <summary>Grains whose journal and tail are read back and checked after the upgrade.</summary>
    public int SampledGrains { get; init; } = 200;

    public int Seed { get; init; } = 20261123;

    /// <summary>Where the file is written (a fresh directory under the system's temporary directory when null).</summary>
    public string? DataDirectory { get; init; }

    /// <summary>The problem in words naming the option, or null when the options are usable.</summary>
    public string? Problem =>
        FromVersion is < 3 or > 4 ? "--from-version must be 3 or 4"
        : Records is < 1 or > MaxRecords ? $"--records must be between 1 and {MaxRecords:N0}"
        : Grains < 1 || Grains > Records ? "--grains must be between 1 and --records"
        : PayloadBytes is < 1 or > 65_536 ? "--payload-bytes must be between 1 and 65,536"
        : SampledGrains < 1 ? "--sampled-grains must be at least 1"
        : null;
}
