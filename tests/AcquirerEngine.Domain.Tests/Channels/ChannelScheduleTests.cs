using System.Text.Json;
using AcquirerEngine.Domain.Calendars;
using AcquirerEngine.Domain.Channels;

namespace AcquirerEngine.Domain.Tests.Channels;

public sealed class ChannelScheduleTests
{
    private static readonly HolidayCalendar China = BuiltInCalendars.ChinaMainland;
    private static readonly MaintenanceWindow[] NoWindows = [];

    private static DateTime T(int year, int month, int day, int hour, int minute, int second = 0) =>
        new(year, month, day, hour, minute, second);

    private static ChannelStatus Hvps(DateTime at, IReadOnlyList<MaintenanceWindow>? windows = null) =>
        ChannelSchedule.StateAt(ChannelDefaults.Hvps, windows ?? NoWindows, China, at);

    [Fact]
    public void Hvps_SundayEveningBeforeAWorkingMonday_IsOpenForMondayBusiness()
    {
        var status = Hvps(T(2026, 11, 22, 21, 0));
        Assert.Equal(ChannelState.Open, status.State);
        Assert.Equal(new DateOnly(2026, 11, 23), status.BusinessDate);
        Assert.Equal(T(2026, 11, 22, 21, 0), status.NextOpening);
    }

    [Fact]
    public void Hvps_OpensAtExactly2030()
    {
        var before = Hvps(T(2026, 11, 22, 20, 29, 59));
        Assert.Equal(ChannelState.ClosedForHoliday, before.State); // Sunday: not a working day
        Assert.Equal(T(2026, 11, 22, 20, 30), before.NextOpening);

        Assert.Equal(ChannelState.Open, Hvps(T(2026, 11, 22, 20, 30)).State);
        Assert.Equal(ChannelState.Open, Hvps(T(2026, 11, 23, 20, 30)).State);
        Assert.Equal(new DateOnly(2026, 11, 24), Hvps(T(2026, 11, 23, 20, 30)).BusinessDate);
    }

    [Fact]
    public void Hvps_ClosesAtExactly1715_AndReopensAt2030ForTheNextDay()
    {
        Assert.Equal(ChannelState.Open, Hvps(T(2026, 11, 23, 17, 14, 59)).State);
        Assert.Equal(new DateOnly(2026, 11, 23), Hvps(T(2026, 11, 23, 17, 14, 59)).BusinessDate);

        var closed = Hvps(T(2026, 11, 23, 17, 15));
        Assert.Equal(ChannelState.ClosedByHours, closed.State);
        Assert.Equal(T(2026, 11, 23, 20, 30), closed.NextOpening);
        Assert.Equal(new DateOnly(2026, 11, 24), closed.BusinessDate);

        var at1720 = Hvps(T(2026, 11, 23, 17, 20));
        Assert.Equal(ChannelState.ClosedByHours, at1720.State);
        Assert.Equal("HVPS is closed by hours (17:15) until 20:30 today, business for the next HVPS day 2026-11-24", at1720.Reason);
    }

    [Fact]
    public void Hvps_FridayAfterClose_ReopensSundayEvening()
    {
        var status = Hvps(T(2026, 11, 20, 18, 0));
        Assert.Equal(ChannelState.ClosedByHours, status.State);
        Assert.Equal(T(2026, 11, 22, 20, 30), status.NextOpening);
        Assert.Equal(new DateOnly(2026, 11, 23), status.BusinessDate);
        Assert.Equal(ChannelState.ClosedForHoliday, Hvps(T(2026, 11, 21, 12, 0)).State);
    }

    [Fact]
    public void Hvps_OnAHoliday_IsClosedUntil2030OfTheDayBeforeTheNextWorkingDay()
    {
        var status = Hvps(T(2026, 10, 2, 10, 0));
        Assert.Equal(ChannelState.ClosedForHoliday, status.State);
        Assert.Equal(T(2026, 10, 7, 20, 30), status.NextOpening);
        Assert.Equal(new DateOnly(2026, 10, 8), status.BusinessDate);
        Assert.Contains("2026-10-02 is not a working day", status.Reason, StringComparison.Ordinal);

        // The eve of a holiday: 2026-09-30 20:30 would be business for 10-01, a holiday: stays closed.
        var eve = Hvps(T(2026, 9, 30, 21, 0));
        Assert.Equal(ChannelState.ClosedByHours, eve.State);
        Assert.Equal(T(2026, 10, 7, 20, 30), eve.NextOpening);
    }

    [Fact]
    public void Hvps_MakeUpWeekendDays_AreHvpsDays()
    {
        // Sat 2026-01-03 is a holiday, but Sun 01-04 is a make-up working day: open from Saturday 20:30.
        var saturdayEvening = Hvps(T(2026, 1, 3, 21, 0));
        Assert.Equal(ChannelState.Open, saturdayEvening.State);
        Assert.Equal(new DateOnly(2026, 1, 4), saturdayEvening.BusinessDate);

        // Sat 2026-02-14 (make-up) closes at 17:15 and HVPS next opens for 02-24, on 02-23 at 20:30.
        Assert.Equal(ChannelState.Open, Hvps(T(2026, 2, 14, 10, 0)).State);
        var afterClose = Hvps(T(2026, 2, 14, 17, 15));
        Assert.Equal(ChannelState.ClosedByHours, afterClose.State);
        Assert.Equal(T(2026, 2, 23, 20, 30), afterClose.NextOpening);
    }

    [Fact]
    public void Hvps_InAnUnloadedYear_OpensByTheWeekdayRule_Provisionally()
    {
        var status = Hvps(T(2026, 12, 31, 21, 0));
        Assert.Equal(ChannelState.Open, status.State);
        Assert.Equal(new DateOnly(2027, 1, 1), status.BusinessDate);
        Assert.True(status.Provisional);
        Assert.False(Hvps(T(2026, 12, 30, 21, 0)).Provisional);
    }

    [Fact]
    public void SevenByTwentyFourRail_IsOpenOnHolidays()
    {
        var status = ChannelSchedule.StateAt(ChannelDefaults.Beps, NoWindows, China, T(2026, 10, 2, 3, 0));
        Assert.Equal(ChannelState.Open, status.State);
        Assert.Equal(T(2026, 10, 2, 3, 0), status.NextOpening);
    }

    [Fact]
    public void MaintenanceSunday0200To0400_MakesTheRailInMaintenance_UntilExactly0400()
    {
        var windows = MaintenanceWindows.Weekly(
            "ibps-weekly", ChannelKind.Ibps, DayOfWeek.Sunday, new TimeOnly(2, 0), TimeSpan.FromHours(2),
            new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), "weekly core maintenance");
        Assert.Equal(5, windows.Count);

        Assert.Equal(ChannelState.Open, ChannelSchedule.StateAt(ChannelDefaults.Ibps, windows, China, T(2026, 11, 22, 1, 59, 59)).State);
        var during = ChannelSchedule.StateAt(ChannelDefaults.Ibps, windows, China, T(2026, 11, 22, 2, 0));
        Assert.Equal(ChannelState.InMaintenance, during.State);
        Assert.Equal(T(2026, 11, 22, 4, 0), during.NextOpening);
        Assert.Equal("ibps-weekly-20261122", during.Window!.Id);
        Assert.Equal("IBPS is in scheduled maintenance 'weekly core maintenance' (02:00-04:00); it reopens 04:00 today", during.Reason);
        Assert.Equal(ChannelState.Open, ChannelSchedule.StateAt(ChannelDefaults.Ibps, windows, China, T(2026, 11, 22, 4, 0)).State);

        // Windows are per channel: BEPS is untouched.
        Assert.Equal(ChannelState.Open, ChannelSchedule.StateAt(ChannelDefaults.Beps, windows, China, T(2026, 11, 22, 3, 0)).State);
    }

    [Fact]
    public void OverlappingWindows_ReopenWhenTheLastOneEnds()
    {
        MaintenanceWindow[] windows =
        [
            new() { Id = "a", Channel = ChannelKind.Beps, Start = T(2026, 11, 22, 2, 0), End = T(2026, 11, 22, 4, 0), Reason = "upgrade" },
            new() { Id = "b", Channel = ChannelKind.Beps, Start = T(2026, 11, 22, 3, 30), End = T(2026, 11, 22, 5, 0), Reason = "overrun", Kind = MaintenanceKind.Unscheduled },
        ];
        var status = ChannelSchedule.StateAt(ChannelDefaults.Beps, windows, China, T(2026, 11, 22, 2, 30));
        Assert.Equal(T(2026, 11, 22, 5, 0), status.NextOpening);
    }

    [Fact]
    public void HvpsOpening_CoveredByMaintenance_MovesToTheWindowEnd()
    {
        MaintenanceWindow[] windows =
        [
            new() { Id = "h", Channel = ChannelKind.Hvps, Start = T(2026, 11, 22, 20, 0), End = T(2026, 11, 22, 21, 15), Reason = "switch" },
        ];
        var status = Hvps(T(2026, 11, 22, 18, 0), windows);
        Assert.Equal(ChannelState.ClosedForHoliday, status.State);
        Assert.Equal(T(2026, 11, 22, 21, 15), status.NextOpening);

        // Inside hours and inside the window: maintenance is what keeps it shut.
        Assert.Equal(ChannelState.InMaintenance, Hvps(T(2026, 11, 22, 21, 0), windows).State);
    }

    [Fact]
    public void AWindowLongerThanTheHorizon_GivesNoNextOpening()
    {
        MaintenanceWindow[] windows =
        [
            new() { Id = "long", Channel = ChannelKind.Ibps, Start = T(2026, 11, 1, 0, 0), End = T(2027, 3, 1, 0, 0), Reason = "migration" },
        ];
        var status = ChannelSchedule.StateAt(ChannelDefaults.Ibps, windows, China, T(2026, 11, 22, 9, 0));
        Assert.Equal(ChannelState.InMaintenance, status.State);
        Assert.Null(status.NextOpening);
        Assert.Contains("does not reopen within the search horizon", status.Reason, StringComparison.Ordinal);

        var longer = ChannelSchedule.StateAt(ChannelDefaults.Ibps, windows, China, T(2026, 11, 22, 9, 0), TimeSpan.FromDays(120));
        Assert.Equal(T(2027, 3, 1, 0, 0), longer.NextOpening);
    }

    [Fact]
    public void BepsHolidayCap_AppliesOnNonWorkingDaysOnlyWhenConfigured()
    {
        var beps = ChannelDefaults.Beps with { NonWorkingDayPerItemCapMinor = 100_000_000 };
        Assert.Equal(5_000_000, ChannelSchedule.PerItemCapAt(ChannelDefaults.Beps, China, T(2026, 10, 2, 10, 0)));
        Assert.Equal(100_000_000, ChannelSchedule.PerItemCapAt(beps, China, T(2026, 10, 2, 10, 0)));
        Assert.Equal(5_000_000, ChannelSchedule.PerItemCapAt(beps, China, T(2026, 10, 10, 10, 0))); // make-up Saturday
        Assert.Null(ChannelSchedule.PerItemCapAt(ChannelDefaults.Hvps, China, T(2026, 10, 9, 10, 0)));
    }

    [Fact]
    public void Defaults_MatchTheBrief()
    {
        Assert.Equal(new TimeOnly(20, 30), ChannelDefaults.Hvps.OpensPreviousDayAt);
        Assert.Equal(new TimeOnly(17, 15), ChannelDefaults.Hvps.ClosesAt);
        Assert.Null(ChannelDefaults.Hvps.PerItemCapMinor);
        Assert.Equal(5_000_000, ChannelDefaults.Beps.PerItemCapMinor);
        Assert.Equal(TimeSpan.FromMinutes(5), ChannelDefaults.Beps.BatchInterval);
        Assert.True(ChannelDefaults.Beps.Unverified);
        Assert.True(ChannelDefaults.Ibps.Unverified);
        Assert.All(ChannelDefaults.All, c => Assert.True(c.IsValid));
    }

    [Fact]
    public void ConfigAndWindows_RoundTripThroughSystemTextJson()
    {
        var config = ChannelDefaults.Beps with { NonWorkingDayPerItemCapMinor = 7 };
        Assert.Equal(config, JsonSerializer.Deserialize<ChannelConfig>(JsonSerializer.Serialize(config)));
        var window = new MaintenanceWindow
        {
            Id = "w", Channel = ChannelKind.SameBank, Start = T(2026, 11, 22, 2, 0), End = T(2026, 11, 24, 6, 0),
            Reason = "core upgrade", Kind = MaintenanceKind.Unscheduled,
        };
        Assert.Equal(window, JsonSerializer.Deserialize<MaintenanceWindow>(JsonSerializer.Serialize(window)));
    }

    [Fact]
    public void AWindowEndingBeforeItStarts_IsAConfigurationBug()
    {
        MaintenanceWindow[] windows = [new() { Id = "bad", Channel = ChannelKind.Ibps, Start = T(2026, 11, 22, 4, 0), End = T(2026, 11, 22, 2, 0) }];
        Assert.Throws<InvariantViolationException>(() => ChannelSchedule.StateAt(ChannelDefaults.Ibps, windows, China, T(2026, 11, 22, 3, 0)));
    }

    [Theory]
    [InlineData("2026-11-23T20:30:00", "Hvps", "2026-11-24")] // R4: Monday night session is Tuesday's business
    [InlineData("2026-11-23T20:29:59", "Hvps", "2026-11-23")] // closed by hours: the calendar date
    [InlineData("2026-11-24T09:00:00", "Hvps", "2026-11-24")]
    [InlineData("2026-11-22T21:00:00", "Hvps", "2026-11-23")] // Sunday evening before a working Monday
    [InlineData("2026-11-20T20:30:00", "Hvps", "2026-11-20")] // Friday evening: Saturday is no HVPS day, closed
    [InlineData("2026-09-30T21:00:00", "Hvps", "2026-09-30")] // eve of National Day: closed
    [InlineData("2026-11-23T20:30:00", "Ibps", "2026-11-23")] // 7x24 rails: the calendar date
    [InlineData("2026-11-23T23:59:00", "Beps", "2026-11-23")]
    public void BusinessDateAt_R4_NightSessionCountsForTheNextWorkingDay(string at, string channel, string expected)
    {
        var config = ChannelDefaults.All.Single(c => c.Kind == Enum.Parse<ChannelKind>(channel));

        Assert.Equal(DateOnly.Parse(expected), ChannelSchedule.BusinessDateAt(config, China, DateTime.Parse(at)));
    }
}
