using System.Globalization;

namespace AcquirerEngine.Domain.Validation;

/// <summary>
/// The wire's local date-time and date formats. Terminal time has no offset: it is whatever the terminal's
/// clock says, and the clearing date is derived from it later with the acquirer's time zone.
/// </summary>
public static class LocalTimeFormat
{
    public const string DateTimePattern = "yyyy-MM-ddTHH:mm:ss";
    public const string DatePattern = "yyyy-MM-dd";

    /// <summary>Exact "yyyy-MM-ddTHH:mm:ss", a real calendar date; the result has Kind Unspecified.</summary>
    public static bool TryParseLocalDateTime(string text, out DateTime localTime)
    {
        localTime = default;
        return HasShape(text, DateTimePattern)
            && DateTime.TryParseExact(text, DateTimePattern, CultureInfo.InvariantCulture, DateTimeStyles.None, out localTime);
    }

    /// <summary>Exact "yyyy-MM-dd", a real calendar date.</summary>
    public static bool TryParseLocalDate(string text, out DateOnly localDate)
    {
        localDate = default;
        return HasShape(text, DatePattern)
            && DateOnly.TryParseExact(text, DatePattern, CultureInfo.InvariantCulture, DateTimeStyles.None, out localDate);
    }

    /// <summary>
    /// Character-for-character shape check (ASCII digits where the pattern has a date or time letter, the literal
    /// elsewhere). The BCL parser alone is lenient about digit counts; the wire format is not.
    /// </summary>
    private static bool HasShape(string text, string pattern)
    {
        if (text is null || text.Length != pattern.Length)
        {
            return false;
        }

        for (var i = 0; i < pattern.Length; i++)
        {
            var expected = pattern[i];
            var isPlaceholder = expected is 'y' or 'M' or 'd' or 'H' or 'm' or 's';
            var ok = isPlaceholder ? char.IsAsciiDigit(text[i]) : text[i] == expected;
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    public static string Format(DateTime localTime) =>
        localTime.ToString(DateTimePattern, CultureInfo.InvariantCulture);

    public static string Format(DateOnly localDate) =>
        localDate.ToString(DatePattern, CultureInfo.InvariantCulture);
}
