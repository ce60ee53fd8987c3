namespace AcquirerEngine.Domain.Calendars;

/// <summary>
/// The answer to <see cref="HolidayCalendar.Load"/>. The calendar is immutable, so a successful load hands
/// back the new calendar; on rejection <see cref="Calendar"/> is the unchanged original.
/// </summary>
public sealed record CalendarLoadOutcome(
    CalendarLoadResult Result,
    HolidayCalendar Calendar,
    HolidayCalendarYear? StoredYear,
    IReadOnlyList<CalendarYearIssue> Issues);
