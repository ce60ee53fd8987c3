using AcquirerEngine.Domain.Calendars;
using AcquirerEngine.Runtime;

namespace AcquirerEngine.Grains.Calendars;

/// <summary>The answer to a load: Loaded/Replaced with the stored year (and its new version), or Rejected with the issues.</summary>
public sealed record CalendarYearLoadResult(
    CalendarLoadResult Result,
    HolidayCalendarYear? StoredYear,
    IReadOnlyList<CalendarYearIssue> Issues);
