namespace AcquirerEngine.Grains.Channels;

/// <summary>
/// The one place where UTC instants from the grain's TimeProvider become acquirer-local wall times (what
/// channel hours, holidays and maintenance windows are written in) and back.
/// </summary>
public sealed class AcquirerClock
{
    private readonly TimeProvider _time;
    private readonly TimeZoneInfo _zone;

    public AcquirerClock(TimeProvider time, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(zone);
        _time = time;
        _zone = zone;
    }

    /// <summary>
    /// China Standard Time. Taken from the system's tz database when present; otherwise a fixed +08:00 zone,
    /// which is exact because mainland China has had no daylight saving time since 1991.
    /// </summary>
    public static TimeZoneInfo ChinaStandardTime { get; } = FindChina();

    public DateTimeOffset UtcNow => _time.GetUtcNow();

    public DateTime LocalNow => ToLocal(UtcNow);

    public DateTime ToLocal(DateTimeOffset instant) =>
        DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(instant, _zone).DateTime, DateTimeKind.Unspecified);

    public DateTimeOffset ToUtc(DateTime local)
    {
        var wall = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(wall, _zone.GetUtcOffset(wall)).ToUniversalTime();
    }

    private static TimeZoneInfo FindChina()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Shanghai", TimeSpan.FromHours(8), "China Standard Time", "China Standard Time");
        }
        catch (InvalidTimeZoneException)
        {
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Shanghai", TimeSpan.FromHours(8), "China Standard Time", "China Standard Time");
        }
    }
}
