namespace AcquirerEngine.Storage;

/// <summary>
/// Both backends keep timestamps and periods at microsecond precision (PostgreSQL's native
/// precision), truncating the sub-microsecond ticks, so a value reads back identically from either.
/// </summary>
internal static class StorageTime
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMicrosecond;

    /// <summary>Microseconds since the Unix epoch, as SQLite stores instants.</summary>
    public static long ToUnixMicroseconds(DateTimeOffset value)
    {
        return (value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TicksPerMicrosecond;
    }

    public static DateTimeOffset FromUnixMicroseconds(long microseconds)
    {
        return new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + (microseconds * TicksPerMicrosecond), TimeSpan.Zero);
    }

    public static long ToMicroseconds(TimeSpan value)
    {
        return value.Ticks / TicksPerMicrosecond;
    }

    public static TimeSpan FromMicroseconds(long microseconds)
    {
        return TimeSpan.FromTicks(microseconds * TicksPerMicrosecond);
    }

    /// <summary>UTC DateTime (Kind=Utc), as Npgsql requires for timestamptz parameters, truncated like SQLite.</summary>
    public static DateTime ToUtcDateTime(DateTimeOffset value)
    {
        var ticks = value.UtcTicks - (value.UtcTicks % TicksPerMicrosecond);
        return new DateTime(ticks, DateTimeKind.Utc);
    }

    public static TimeSpan TruncateToMicroseconds(TimeSpan value)
    {
        return TimeSpan.FromTicks(value.Ticks - (value.Ticks % TicksPerMicrosecond));
    }
}
