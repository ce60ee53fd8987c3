using AcquirerEngine.Domain.Calendars;
using AcquirerEngine.Grains.Calendars;

namespace AcquirerEngine.Grains.Tests.Calendars;

public sealed class CalendarGrainTests
{
    [Fact]
    public async Task Activation_seeds_the_built_in_years_and_publishes_them()
    {
        await using var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 1, 5, 9, 0, 0));

        var years = await host.Calendar.ListYearsAsync();

        Assert.Equal(new[] { 2025, 2026 }, years.Select(y => y.Year));
        Assert.All(years, y => Assert.Equal(1, y.Version));
        Assert.True(host.Calendars.Current.IsYearLoaded(2026));
    }

    [Fact]
    public async Task Loaded_year_is_versioned_persisted_and_published_again_after_a_restart()
    {
        var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 12, 1, 9, 0, 0));
        var year = new HolidayCalendarYear
        {
            Year = 2027,
            Holidays = [new DateOnly(2027, 1, 1)],
            MakeUpWorkingDays = [],
            SourceNote = "test notice",
        };

        var first = await host.Calendar.LoadYearAsync(year);
        var second = await host.Calendar.LoadYearAsync(year with { Holidays = [new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 4)] });
        var rejected = await host.Calendar.LoadYearAsync(year with { Holidays = [new DateOnly(2026, 1, 1)] });

        Assert.Equal(CalendarLoadResult.Loaded, first.Result);
        Assert.Equal(1, first.StoredYear!.Version);
        Assert.Equal(CalendarLoadResult.Replaced, second.Result);
        Assert.Equal(2, second.StoredYear!.Version);
        Assert.Equal(CalendarLoadResult.Rejected, rejected.Result);
        Assert.NotEmpty(rejected.Issues);
        Assert.Equal(WorkingDayAnswer.NonWorking, host.Calendars.Current.IsWorkingDay(new DateOnly(2027, 1, 4)));

        host = await host.RestartAsync();
        await using (host)
        {
            var stored = await host.Calendar.GetYearAsync(2027);
            Assert.Equal(2, stored!.Version);
            Assert.Contains(new DateOnly(2027, 1, 4), stored.Holidays);
            Assert.True(host.Calendars.Current.IsYearLoaded(2027));
            Assert.Null(await host.Calendar.GetYearAsync(2030));
        }
    }

    [Fact]
    public async Task A_node_not_running_the_calendar_grain_follows_its_years_and_versions()
    {
        await using var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 12, 1, 9, 0, 0));
        var otherNode = new CalendarSource(HolidayCalendar.Empty);
        var follower = new CalendarFollower(host.Grains, otherNode);

        Assert.True(await follower.RefreshAsync());
        Assert.True(otherNode.Current.IsYearLoaded(2026));
        Assert.False(otherNode.Current.IsYearLoaded(2027));
        Assert.False(await follower.RefreshAsync());

        await host.Calendar.LoadYearAsync(new HolidayCalendarYear
        {
            Year = 2027,
            Holidays = [new DateOnly(2027, 1, 1)],
            MakeUpWorkingDays = [],
            SourceNote = "test notice",
        });

        Assert.True(await follower.RefreshAsync());
        Assert.True(otherNode.Current.IsYearLoaded(2027));
        Assert.Equal(WorkingDayAnswer.NonWorking, otherNode.Current.IsWorkingDay(new DateOnly(2027, 1, 1)));
    }
}
