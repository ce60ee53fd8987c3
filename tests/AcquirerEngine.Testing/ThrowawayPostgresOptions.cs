namespace AcquirerEngine.Testing;

/// <summary>Where to find PostgreSQL and how long to wait for it.</summary>
public sealed class ThrowawayPostgresOptions
{
    /// <summary>
    /// Directory with initdb, pg_ctl and postgres. Defaults to $AE_PG_BIN, else the Debian/Ubuntu
    /// location of PostgreSQL 15.
    /// </summary>
    public string BinDirectory { get; init; } =
        Environment.GetEnvironmentVariable("AE_PG_BIN") is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : "/usr/lib/postgresql/15/bin";

    /// <summary>When the binaries are missing and we run as root, apt-get install postgresql-15 (fresh CI machines).</summary>
    public bool InstallIfMissing { get; init; } = true;

    /// <summary>Upper bound for initdb and for the server to accept connections.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(90);
}
