using System.Collections.Frozen;

namespace AcquirerEngine.Domain.Calendars;

/// <summary>
/// The versioned working-day calendar (R2): a set of loaded years, each replaced as a whole when operators
/// load a new version. Immutable, so one instance can be shared by every settlement computation and a
/// load can never be seen half-applied; <see cref="Load"/> returns the new calendar.
/// Working days are read from the loaded data, never derived by rule: for a year that is not loaded,
/// <see cref="IsWorkingDay"/> says so, and the walking methods fall back to Mon-Fri but flag the result
/// provisional.
/// </summary>
public sealed class HolidayCalendar
{
    // Years are at most a few dozen, dates a few hundred: rebuilding the sets on load is cheap and keeps
    // every lookup a single hash probe.
    private readonly FrozenDictionary<int, HolidayCalendarYear> _years;
    private readonly FrozenSet<DateOnly> _holidays;
    private readonly FrozenSet<DateOnly> _makeUpDays;

    private HolidayCalendar(IEnumerable<HolidayCalendarYear> years)
    {
        _years = years.ToFrozenDictionary(y => y.Year);
        _holidays = _years.Values.SelectMany(y => y.Holidays).ToFrozenSet();
        _makeUpDays = _years.Values.SelectMany(y => y.MakeUpWorkingDays).ToFrozenSet();
    }

    /// <summary>No year loaded: every answer is <see cref="WorkingDayAnswer.YearNotLoaded"/>.</summary>
    public static HolidayCalendar Empty { get; } = new([]);

    /// <summary>The loaded years, ordered by year: what a store persists.</summary>
    public IReadOnlyList<HolidayCalendarYear> Years => [.. _years.Values.OrderBy(y => y.Year)];

    /// <summary>
    /// Rebuilds a calendar from persisted years, keeping their versions. Stored data was validated when it
    /// was loaded, so an invalid year here is a broken invariant, not a business rejection.
    /// </summary>
    public static HolidayCalendar Restore(IEnumerable<HolidayCalendarYear> years)
    {
        ArgumentNullException.ThrowIfNull(years);
        var list = years.ToList();
        foreach (var year in list)
        {
            Invariant.Require(Validate(year).Count == 0, $"stored calendar year {year.Year} is invalid");
            Invariant.Require(year.Version >= 1, $"stored calendar year {year.Year} has no version");
        }

        Invariant.Require(list.Select(y => y.Year).Distinct().Count() == list.Count, "a calendar year is stored twice");
        return new HolidayCalendar(list);
    }

    /// <summary>
    /// Validates and loads one year. A year loaded before is replaced as a whole and its version goes up by
    /// one; a new year gets version 1. Rejected data leaves the calendar unchanged.
    /// </summary>
    public CalendarLoadOutcome Load(HolidayCalendarYear year)
    {
        ArgumentNullException.ThrowIfNull(year);
        var issues = Validate(year);
        if (issues.Count > 0)
        {
            return new CalendarLoadOutcome(CalendarLoadResult.Rejected, this, null, issues);
        }

        var previous = _years.GetValueOrDefault(year.Year);
        var stored = year with
        {
            Version = (previous?.Version ?? 0) + 1,
            Holidays = [.. year.Holidays.Distinct().Order()],
            MakeUpWorkingDays = [.. year.MakeUpWorkingDays.Distinct().Order()],
        };
        var years = _years.Values.Where(y => y.Year != year.Year).Append(stored);
        var result = previous is null ? CalendarLoadResult.Loaded : CalendarLoadResult.Replaced;
        return new CalendarLoadOutcome(result, new HolidayCalendar(years), stored, []);
    }

    /// <summary>Checks a year without loading it.</summary>
    public static IReadOnlyList<CalendarYearIssue> Validate(HolidayCalendarYear year)
    {
        ArgumentNullException.ThrowIfNull(year);
        var issues = new List<CalendarYearIssue>();
        // Walking forward from Dec 31 must stay representable.
        if (year.Year < 1 || year.Year > 9998)
        {
            issues.Add(new CalendarYearIssue(CalendarYearProblem.YearOutOfRange, null));
            return issues;
        }

        var holidays = new HashSet<DateOnly>(year.Holidays);
        foreach (var date in year.Holidays.Concat(year.MakeUpWorkingDays).Distinct())
        {
            if (date.Year != year.Year)
            {
                issues.Add(new CalendarYearIssue(CalendarYearProblem.DateOutsideYear, date));
            }
        }

        foreach (var date in year.MakeUpWorkingDays.Distinct())
        {
            if (holidays.Contains(date))
            {
                issues.Add(new CalendarYearIssue(CalendarYearProblem.DateBothHolidayAndMakeUp, date));
            }

            if (!IsWeekend(date))
            {
                issues.Add(new CalendarYearIssue(CalendarYearProblem.MakeUpDayNotWeekend, date));
            }
        }

        return issues;
    }

    public bool IsYearLoaded(int year) => _years.ContainsKey(year);

    /// <summary>The loaded version of a year, or null when it is not loaded.</summary>
    public HolidayCalendarYear? YearData(int year) => _years.GetValueOrDefault(year);

    /// <summary>R2: (Mon-Fri and not a holiday) or a make-up day, for loaded years only.</summary>
    public WorkingDayAnswer IsWorkingDay(DateOnly date)
    {
        if (!_years.ContainsKey(date.Year))
        {
            return WorkingDayAnswer.YearNotLoaded;
        }

        return IsWorkingByData(date) ? WorkingDayAnswer.Working : WorkingDayAnswer.NonWorking;
    }

    /// <summary>
    /// For computations that must produce a date anyway: the calendar's answer, or the Mon-Fri rule flagged
    /// provisional when the year is not loaded.
    /// </summary>
    public WorkingDayResolution Resolve(DateOnly date) =>
        _years.ContainsKey(date.Year)
            ? new WorkingDayResolution(IsWorkingByData(date), Provisional: false)
            : new WorkingDayResolution(!IsWeekend(date), Provisional: true);

    /// <summary>The first working day strictly after <paramref name="date"/>.</summary>
    public ResolvedDate NextWorkingDayAfter(DateOnly date) => FirstWorkingDayOnOrAfter(date.AddDays(1));

    /// <summary><paramref name="date"/> itself when it is a working day, else the next working day.</summary>
    public ResolvedDate FirstWorkingDayOnOrAfter(DateOnly date)
    {
        var provisional = false;
        var candidate = date;
        // The longest real run of non-working days is about nine (Spring Festival); a year of them means
        // the calendar data is broken, which is an invariant, not an answer.
        for (var step = 0; step < 366; step++)
        {
            var resolution = Resolve(candidate);
            provisional |= resolution.Provisional;
            if (resolution.IsWorking)
            {
                return new ResolvedDate(candidate, provisional);
            }

            candidate = candidate.AddDays(1);
        }

        Invariant.Require(false, $"no working day within a year after {date:yyyy-MM-dd}: the calendar data is broken");
        return default;
    }

    private bool IsWorkingByData(DateOnly date) =>
        _makeUpDays.Contains(date) || (!IsWeekend(date) && !_holidays.Contains(date));

    private static bool IsWeekend(DateOnly date) =>
        date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
}
