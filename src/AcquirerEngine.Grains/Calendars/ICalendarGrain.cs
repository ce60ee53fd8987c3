using AcquirerEngine.Domain.Calendars;
using AcquirerEngine.Runtime;

namespace AcquirerEngine.Grains.Calendars;

/// <summary>
/// The holiday calendar's only writer (key <see cref="CalendarGrain.ChinaMainlandKey"/>). Persists the loaded
/// years with their versions and pushes every change to the process's <see cref="CalendarSource"/>.
/// Activate it at host start: its activation seeds the built-in years when nothing is stored and publishes
/// the stored calendar.
/// </summary>
public interface ICalendarGrain : IGrainWithStringKey
{
    /// <summary>Validates and loads (or replaces, version + 1) one year. Rejections carry the issues.</summary>
    Task<CalendarYearLoadResult> LoadYearAsync(HolidayCalendarYear year);

    /// <summary>The stored year with its version; null when not loaded.</summary>
    Task<HolidayCalendarYear?> GetYearAsync(int year);

    /// <summary>Every loaded year, in order.</summary>
    Task<IReadOnlyList<HolidayCalendarYear>> ListYearsAsync();
}
