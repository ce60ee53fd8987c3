using System.Text.Json;
using AcquirerEngine.Domain.Calendars;
using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Grains.Calendars;

public sealed class CalendarGrain : Grain<CalendarGrainState>, ICalendarGrain
{
    public const string GrainTypeName = "calendar";

    public const string ChinaMainlandKey = "china-mainland";

    private readonly CalendarSource _source;
    private readonly HolidayCalendar _seed;
    private HolidayCalendar _calendar = HolidayCalendar.Empty;

    /// <param name="seed">The years written when nothing is stored yet (default: the built-in 2025 and 2026).</param>
    public CalendarGrain(CalendarSource source, HolidayCalendar? seed = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
        _seed = seed ?? BuiltInCalendars.ChinaMainland;
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Years.Count == 0 && _seed.Years.Count > 0)
        {
            State.Years = [.. _seed.Years];
            await WriteStateAsync([.. State.Years.Select(Record)]);
        }

        _calendar = HolidayCalendar.Restore(State.Years);
        _source.Replace(_calendar);
    }

    public async Task<CalendarYearLoadResult> LoadYearAsync(HolidayCalendarYear year)
    {
        ArgumentNullException.ThrowIfNull(year);
        var outcome = _calendar.Load(year);
        if (outcome.Result == CalendarLoadResult.Rejected || outcome.StoredYear is null)
        {
            return new CalendarYearLoadResult(outcome.Result, null, outcome.Issues);
        }

        var previous = State.Years;
        State.Years = [.. outcome.Calendar.Years];
        try
        {
            await WriteStateAsync([Record(outcome.StoredYear)]);
        }
        catch
        {
            State.Years = previous;
            throw;
        }

        _calendar = outcome.Calendar;
        _source.Replace(_calendar);
        return new CalendarYearLoadResult(outcome.Result, outcome.StoredYear, []);
    }

    public Task<HolidayCalendarYear?> GetYearAsync(int year) => Task.FromResult(_calendar.YearData(year));

    public Task<IReadOnlyList<HolidayCalendarYear>> ListYearsAsync() => Task.FromResult(_calendar.Years);

    /// <summary>Each loaded version is a journal fact ("calendar:china-mainland:2027:v2").</summary>
    private JournalRecord Record(HolidayCalendarYear year) => new(
        $"calendar:{GetPrimaryKeyString()}:{year.Year}:v{year.Version}",
        "CalendarYearLoaded",
        JsonSerializer.SerializeToUtf8Bytes(year));
}
