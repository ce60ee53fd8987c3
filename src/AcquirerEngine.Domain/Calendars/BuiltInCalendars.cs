namespace AcquirerEngine.Domain.Calendars;

/// <summary>
/// Calendars shipped with the engine so a fresh installation has real data. Operators load later years
/// (and corrections, which bump the version) through <see cref="HolidayCalendar.Load"/>.
/// </summary>
public static class BuiltInCalendars
{
    private const string StateCouncil2025 =
        "State Council General Office notice on the 2025 public holiday arrangements (as transcribed in SETTLEMENT-RULES.md)";

    private const string StateCouncil2026 =
        "State Council General Office notice on the 2026 public holiday arrangements (as transcribed in SETTLEMENT-RULES.md)";

    /// <summary>Mainland China 2025 as published: every day of each span is a holiday, weekends included.</summary>
    public static HolidayCalendarYear ChinaMainland2025 { get; } = new()
    {
        Year = 2025,
        Holidays =
        [
            .. Span(2025, 1, 1, 2025, 1, 1),     // New Year
            .. Span(2025, 1, 28, 2025, 2, 4),    // Spring Festival
            .. Span(2025, 4, 4, 2025, 4, 6),     // Qingming
            .. Span(2025, 5, 1, 2025, 5, 5),     // Labour Day
            .. Span(2025, 5, 31, 2025, 6, 2),    // Dragon Boat
            .. Span(2025, 10, 1, 2025, 10, 8),   // National Day and Mid-Autumn
        ],
        MakeUpWorkingDays =
        [
            new DateOnly(2025, 1, 26),  // Sun, Spring Festival
            new DateOnly(2025, 2, 8),   // Sat, Spring Festival
            new DateOnly(2025, 4, 27),  // Sun, Labour Day
            new DateOnly(2025, 9, 28),  // Sun, National Day
            new DateOnly(2025, 10, 11), // Sat, National Day
        ],
        SourceNote = StateCouncil2025,
    };

    /// <summary>Mainland China 2026 as published.</summary>
    public static HolidayCalendarYear ChinaMainland2026 { get; } = new()
    {
        Year = 2026,
        Holidays =
        [
            .. Span(2026, 1, 1, 2026, 1, 3),     // New Year
            .. Span(2026, 2, 15, 2026, 2, 23),   // Spring Festival
            .. Span(2026, 4, 4, 2026, 4, 6),     // Qingming
            .. Span(2026, 5, 1, 2026, 5, 5),     // Labour Day
            .. Span(2026, 6, 19, 2026, 6, 21),   // Dragon Boat
            .. Span(2026, 9, 25, 2026, 9, 27),   // Mid-Autumn
            .. Span(2026, 10, 1, 2026, 10, 7),   // National Day
        ],
        MakeUpWorkingDays =
        [
            new DateOnly(2026, 1, 4),   // Sun, New Year
            new DateOnly(2026, 2, 14),  // Sat, Spring Festival
            new DateOnly(2026, 2, 28),  // Sat, Spring Festival
            new DateOnly(2026, 5, 9),   // Sat, Labour Day
            new DateOnly(2026, 9, 20),  // Sun, National Day
            new DateOnly(2026, 10, 10), // Sat, National Day
        ],
        SourceNote = StateCouncil2026,
    };

    /// <summary>Mainland China with 2025 and 2026 loaded (version 1 each). Immutable, so safe to share.</summary>
    public static HolidayCalendar ChinaMainland { get; } = Build();

    private static HolidayCalendar Build()
    {
        var calendar = HolidayCalendar.Empty;
        foreach (var year in new[] { ChinaMainland2025, ChinaMainland2026 })
        {
            var outcome = calendar.Load(year);
            Invariant.Require(outcome.Result == CalendarLoadResult.Loaded, $"built-in calendar {year.Year} is invalid");
            calendar = outcome.Calendar;
        }

        return calendar;
    }

    private static IEnumerable<DateOnly> Span(int fromYear, int fromMonth, int fromDay, int toYear, int toMonth, int toDay)
    {
        var last = new DateOnly(toYear, toMonth, toDay);
        for (var date = new DateOnly(fromYear, fromMonth, fromDay); date <= last; date = date.AddDays(1))
        {
            yield return date;
        }
    }
}
