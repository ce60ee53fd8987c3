using System.Text.Json;
using AcquirerEngine.Domain.Calendars;

namespace AcquirerEngine.Domain.Tests.Calendars;

public sealed class HolidayCalendarTests
{
    private static readonly HolidayCalendar China = BuiltInCalendars.ChinaMainland;

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Theory]
    [InlineData(2026, 2, 14, WorkingDayAnswer.Working)]     // Sat make-up day
    [InlineData(2026, 2, 15, WorkingDayAnswer.NonWorking)]  // Sun, Spring Festival
    [InlineData(2026, 2, 16, WorkingDayAnswer.NonWorking)]  // Mon, Spring Festival
    [InlineData(2026, 2, 23, WorkingDayAnswer.NonWorking)]  // Mon, last day of the span
    [InlineData(2026, 2, 24, WorkingDayAnswer.Working)]     // Tue, back to work
    [InlineData(2026, 2, 28, WorkingDayAnswer.Working)]     // Sat make-up day
    [InlineData(2026, 3, 1, WorkingDayAnswer.NonWorking)]   // ordinary Sunday
    [InlineData(2026, 1, 4, WorkingDayAnswer.Working)]      // Sun make-up day
    [InlineData(2026, 10, 7, WorkingDayAnswer.NonWorking)]  // Wed, National Day
    [InlineData(2026, 10, 8, WorkingDayAnswer.Working)]
    [InlineData(2026, 10, 10, WorkingDayAnswer.Working)]    // Sat make-up day
    [InlineData(2026, 9, 20, WorkingDayAnswer.Working)]     // Sun make-up day
    [InlineData(2026, 5, 9, WorkingDayAnswer.Working)]      // Sat make-up day
    [InlineData(2026, 6, 19, WorkingDayAnswer.NonWorking)]  // Fri, Dragon Boat
    [InlineData(2025, 10, 8, WorkingDayAnswer.NonWorking)]  // Wed, National Day 2025 (8 days)
    [InlineData(2025, 10, 9, WorkingDayAnswer.Working)]
    [InlineData(2025, 10, 11, WorkingDayAnswer.Working)]    // Sat make-up day
    [InlineData(2025, 9, 28, WorkingDayAnswer.Working)]     // Sun make-up day
    [InlineData(2025, 1, 26, WorkingDayAnswer.Working)]
    [InlineData(2025, 2, 4, WorkingDayAnswer.NonWorking)]
    [InlineData(2025, 6, 2, WorkingDayAnswer.NonWorking)]   // Mon, Dragon Boat
    [InlineData(2025, 11, 21, WorkingDayAnswer.Working)]    // ordinary Friday
    [InlineData(2027, 1, 4, WorkingDayAnswer.YearNotLoaded)]
    [InlineData(2024, 12, 31, WorkingDayAnswer.YearNotLoaded)]
    public void IsWorkingDay_FollowsTheLoadedNotices(int year, int month, int day, WorkingDayAnswer expected) =>
        Assert.Equal(expected, China.IsWorkingDay(D(year, month, day)));

    [Fact]
    public void BuiltIn2026_HolidayCountMatchesTheNotice()
    {
        // 3 + 9 + 3 + 5 + 3 + 3 + 7 days of holiday spans, 6 make-up days.
        var year = China.YearData(2026)!;
        Assert.Equal(33, year.Holidays.Count);
        Assert.Equal(6, year.MakeUpWorkingDays.Count);
        Assert.Equal(1, year.Version);
        Assert.Contains("State Council", year.SourceNote, StringComparison.Ordinal);
    }

    [Fact]
    public void NextWorkingDayAfter_SkipsTheWholeSpringFestival()
    {
        Assert.Equal(new ResolvedDate(D(2026, 2, 14), false), China.NextWorkingDayAfter(D(2026, 2, 13)));
        Assert.Equal(new ResolvedDate(D(2026, 2, 24), false), China.NextWorkingDayAfter(D(2026, 2, 14)));
        Assert.Equal(new ResolvedDate(D(2026, 2, 24), false), China.NextWorkingDayAfter(D(2026, 2, 20)));
    }

    [Fact]
    public void FirstWorkingDayOnOrAfter_ReturnsTheDayItselfWhenWorking()
    {
        Assert.Equal(D(2026, 2, 14), China.FirstWorkingDayOnOrAfter(D(2026, 2, 14)).Date);
        Assert.Equal(D(2026, 10, 8), China.FirstWorkingDayOnOrAfter(D(2026, 10, 1)).Date);
    }

    [Fact]
    public void WalkingIntoAnUnloadedYear_UsesTheWeekdayRuleButSaysProvisional()
    {
        // 2026-12-31 is a Thursday; 2027 is not loaded, so Fri 2027-01-01 is only presumed working.
        var next = China.NextWorkingDayAfter(D(2026, 12, 31));
        Assert.Equal(D(2027, 1, 1), next.Date);
        Assert.True(next.Provisional);

        // Inside a loaded year the answer is firm.
        Assert.False(China.NextWorkingDayAfter(D(2026, 12, 30)).Provisional);
    }

    [Fact]
    public void LoadingAYearAgain_ReplacesItAndBumpsTheVersion()
    {
        var first = HolidayCalendar.Empty.Load(new HolidayCalendarYear { Year = 2027, Holidays = [D(2027, 1, 1)], SourceNote = "draft" });
        Assert.Equal(CalendarLoadResult.Loaded, first.Result);
        Assert.Equal(1, first.StoredYear!.Version);
        Assert.Equal(WorkingDayAnswer.NonWorking, first.Calendar.IsWorkingDay(D(2027, 1, 1)));

        var corrected = first.Calendar.Load(new HolidayCalendarYear
        {
            Year = 2027,
            Holidays = [D(2027, 1, 1), D(2027, 1, 2), D(2027, 1, 3)],
            MakeUpWorkingDays = [D(2027, 1, 9)], // a Saturday
            Version = 99, // ignored: the calendar stamps versions
            SourceNote = "notice",
        });
        Assert.Equal(CalendarLoadResult.Replaced, corrected.Result);
        Assert.Equal(2, corrected.StoredYear!.Version);
        Assert.Equal(WorkingDayAnswer.Working, corrected.Calendar.IsWorkingDay(D(2027, 1, 9)));
        Assert.Equal("notice", corrected.Calendar.YearData(2027)!.SourceNote);

        // The old calendar is untouched: a load never changes a calendar others may be reading.
        Assert.Equal(WorkingDayAnswer.NonWorking, first.Calendar.IsWorkingDay(D(2027, 1, 9)));
        Assert.Equal(1, first.Calendar.YearData(2027)!.Version);
    }

    [Fact]
    public void ReplacingAYear_DropsDatesThatAreNoLongerListed()
    {
        var calendar = HolidayCalendar.Empty.Load(new HolidayCalendarYear { Year = 2027, Holidays = [D(2027, 1, 1), D(2027, 5, 3)] }).Calendar;
        var replaced = calendar.Load(new HolidayCalendarYear { Year = 2027, Holidays = [D(2027, 1, 1)] }).Calendar;
        Assert.Equal(WorkingDayAnswer.NonWorking, calendar.IsWorkingDay(D(2027, 5, 3)));
        Assert.Equal(WorkingDayAnswer.Working, replaced.IsWorkingDay(D(2027, 5, 3)));
    }

    [Fact]
    public void Load_RejectsDatesOutsideTheYear()
    {
        var outcome = China.Load(new HolidayCalendarYear { Year = 2027, Holidays = [D(2026, 12, 31)] });
        Assert.Equal(CalendarLoadResult.Rejected, outcome.Result);
        Assert.Same(China, outcome.Calendar);
        Assert.Contains(new CalendarYearIssue(CalendarYearProblem.DateOutsideYear, D(2026, 12, 31)), outcome.Issues);
        Assert.False(outcome.Calendar.IsYearLoaded(2027));
    }

    [Fact]
    public void Load_RejectsADateThatIsBothHolidayAndMakeUp()
    {
        var outcome = HolidayCalendar.Empty.Load(new HolidayCalendarYear
        {
            Year = 2027,
            Holidays = [D(2027, 1, 2)],
            MakeUpWorkingDays = [D(2027, 1, 2)], // a Saturday, so only the clash is wrong
        });
        Assert.Equal(CalendarLoadResult.Rejected, outcome.Result);
        var issue = Assert.Single(outcome.Issues);
        Assert.Equal(CalendarYearProblem.DateBothHolidayAndMakeUp, issue.Problem);
    }

    [Fact]
    public void Load_RejectsAMakeUpDayThatIsAWeekday()
    {
        var outcome = HolidayCalendar.Empty.Load(new HolidayCalendarYear { Year = 2027, MakeUpWorkingDays = [D(2027, 1, 5)] }); // Tuesday
        Assert.Equal(CalendarLoadResult.Rejected, outcome.Result);
        Assert.Equal(CalendarYearProblem.MakeUpDayNotWeekend, Assert.Single(outcome.Issues).Problem);
    }

    [Fact]
    public void Rejection_OfAReplacement_KeepsTheOldVersion()
    {
        var outcome = China.Load(new HolidayCalendarYear { Year = 2026, MakeUpWorkingDays = [D(2026, 3, 3)] });
        Assert.Equal(CalendarLoadResult.Rejected, outcome.Result);
        Assert.Equal(1, outcome.Calendar.YearData(2026)!.Version);
        Assert.Equal(WorkingDayAnswer.Working, outcome.Calendar.IsWorkingDay(D(2026, 2, 14)));
    }

    [Fact]
    public void Years_RoundTripThroughSystemTextJson_AndRestoreKeepsVersions()
    {
        var calendar = China.Load(BuiltInCalendars.ChinaMainland2026 with { SourceNote = "reissued" }).Calendar;
        var json = JsonSerializer.Serialize(calendar.Years);
        var years = JsonSerializer.Deserialize<List<HolidayCalendarYear>>(json)!;
        var restored = HolidayCalendar.Restore(years);

        Assert.Equal(json, JsonSerializer.Serialize(restored.Years));
        Assert.Equal(2, restored.YearData(2026)!.Version);
        Assert.Equal(1, restored.YearData(2025)!.Version);
        Assert.Equal(WorkingDayAnswer.Working, restored.IsWorkingDay(D(2026, 2, 28)));
    }

    [Fact]
    public void Restore_OfInvalidStoredData_IsABrokenInvariant() =>
        Assert.Throws<InvariantViolationException>(() =>
            HolidayCalendar.Restore([new HolidayCalendarYear { Year = 2027, Version = 1, MakeUpWorkingDays = [D(2027, 1, 5)] }]));

    [Fact]
    public void EmptyCalendar_KnowsNoYear()
    {
        Assert.Equal(WorkingDayAnswer.YearNotLoaded, HolidayCalendar.Empty.IsWorkingDay(D(2026, 2, 16)));
        var resolved = HolidayCalendar.Empty.FirstWorkingDayOnOrAfter(D(2026, 2, 14)); // Saturday
        Assert.Equal(D(2026, 2, 16), resolved.Date);
        Assert.True(resolved.Provisional);
    }
}
