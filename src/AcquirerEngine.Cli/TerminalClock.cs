using System.Globalization;

namespace AcquirerEngine.Cli;

/// <summary>
/// The terminal's local date-time as the wire carries it: ISO 8601 without offset. The default is the
/// acquirer's zone (Asia/Shanghai, the engine's default), as a terminal in China would send it.
/// </summary>
public static class TerminalClock
{
    public const string LocalTimeFormat = "yyyy-MM-dd'T'HH:mm:ss";

    public const string LocalDateFormat = "yyyy-MM-dd";

    private static readonly TimeZoneInfo Shanghai = FindShanghai();

    /// <summary>Now in Asia/Shanghai, formatted for <c>local_time</c>.</summary>
    public static string Now(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        var local = TimeZoneInfo.ConvertTime(timeProvider.GetUtcNow(), Shanghai);
        return local.ToString(LocalTimeFormat, CultureInfo.InvariantCulture);
    }

    /// <summary>Whether <paramref name="text"/> is exactly yyyy-MM-ddTHH:mm:ss and a real date-time.</summary>
    public static bool IsLocalTime(string text) =>
        DateTime.TryParseExact(text, LocalTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    /// <summary>Whether <paramref name="text"/> is exactly yyyy-MM-dd and a real date.</summary>
    public static bool IsLocalDate(string text) =>
        DateOnly.TryParseExact(text, LocalDateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static TimeZoneInfo FindShanghai()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            // Containers without tzdata: China has used UTC+8 without daylight saving since 1991, so a fixed zone is exact.
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Shanghai", TimeSpan.FromHours(8), "China Standard Time", "CST");
        }
    }
}
