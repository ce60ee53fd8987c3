namespace AcquirerEngine.Domain.Calendars;

/// <summary>
/// One year of a published holiday calendar, as operators load it (R2). Weekend days inside a holiday
/// span are listed as holidays too, so the list reads like the notice. A plain record so it persists
/// through System.Text.Json.
/// </summary>
public sealed record HolidayCalendarYear
{
    public int Year { get; init; }

    /// <summary>Non-working dates (every day of each holiday span, weekends included).</summary>
    public IReadOnlyList<DateOnly> Holidays { get; init; } = [];

    /// <summary>Weekend dates declared working days (调休上班).</summary>
    public IReadOnlyList<DateOnly> MakeUpWorkingDays { get; init; } = [];

    /// <summary>
    /// Stamped by <see cref="HolidayCalendar.Load"/>: 1 for the first load of the year, +1 per replacement.
    /// A value supplied by the caller is ignored on load and kept on restore from storage.
    /// </summary>
    public int Version { get; init; }

    /// <summary>Where the dates come from, e.g. the State Council notice, so an answer can cite it.</summary>
    public string SourceNote { get; init; } = "";
}
