using AcquirerEngine.Domain.Calendars;
using AcquirerEngine.Domain.Settlement;

namespace AcquirerEngine.Domain.Tests.Settlement;

public sealed class ValueDateTests
{
    private static readonly HolidayCalendar China = BuiltInCalendars.ChinaMainland;

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Fact]
    public void Scenario1_SaleWed20260930_2230_T1_PaidThu20261008_AndAt2330ClearingDate1001StillPaid1008()
    {
        var before = ValueDates.ForSale(new DateTime(2026, 9, 30, 22, 30, 0), CutOffPolicy.Default, SettlementCycle.T1, China);
        Assert.Equal(D(2026, 9, 30), before.ClearingDate);
        Assert.Equal(D(2026, 10, 8), before.Date);
        Assert.False(before.Provisional);

        var after = ValueDates.ForSale(new DateTime(2026, 9, 30, 23, 30, 0), CutOffPolicy.Default, SettlementCycle.T1, China);
        Assert.Equal(D(2026, 10, 1), after.ClearingDate);
        Assert.Equal(D(2026, 10, 8), after.Date);
    }

    [Fact]
    public void Scenario2_SaleTue20250930_2330_T1_PaidThu20251009()
    {
        var value = ValueDates.ForSale(new DateTime(2025, 9, 30, 23, 30, 0), CutOffPolicy.Default, SettlementCycle.T1, China);
        Assert.Equal(D(2025, 10, 1), value.ClearingDate);
        Assert.Equal(D(2025, 10, 9), value.Date);
        Assert.Equal(DayOfWeek.Thursday, value.Date.DayOfWeek);
    }

    [Fact]
    public void Scenario3_SpringFestival2026_SaleFri0213_T1_PaidSatMakeUp0214_AnySale0215To0223_Paid0224()
    {
        var friday = ValueDates.ForSale(new DateTime(2026, 2, 13, 12, 0, 0), CutOffPolicy.Default, SettlementCycle.T1, China);
        Assert.Equal(D(2026, 2, 14), friday.Date);
        Assert.Equal(DayOfWeek.Saturday, friday.Date.DayOfWeek);

        for (var date = D(2026, 2, 15); date <= D(2026, 2, 23); date = date.AddDays(1))
        {
            foreach (var time in new[] { new TimeOnly(0, 0), new TimeOnly(12, 0), new TimeOnly(22, 59, 59) })
            {
                var value = ValueDates.ForSale(date.ToDateTime(time), CutOffPolicy.Default, SettlementCycle.T1, China);
                Assert.Equal(D(2026, 2, 24), value.Date);
            }
        }

        // 23:00 on 02-23 clears on 02-24, a working day, so it is paid the day after.
        var late = ValueDates.ForSale(new DateTime(2026, 2, 23, 23, 0, 0), CutOffPolicy.Default, SettlementCycle.T1, China);
        Assert.Equal(D(2026, 2, 25), late.Date);
    }

    [Fact]
    public void D1_IsTheNextCalendarDay_EvenOnAHoliday()
    {
        var value = ValueDates.For(D(2026, 10, 2), SettlementCycle.D1, China);
        Assert.Equal(D(2026, 10, 3), value.Date);
        Assert.False(value.Provisional);
        Assert.False(ValueDates.For(D(2030, 1, 1), SettlementCycle.D1, China).Provisional);
    }

    [Theory]
    [InlineData(2026, 2, 14, 2026, 2, 14)] // make-up Saturday is a working day: same day
    [InlineData(2026, 2, 15, 2026, 2, 24)]
    [InlineData(2026, 11, 20, 2026, 11, 20)]
    [InlineData(2026, 11, 21, 2026, 11, 23)] // Saturday -> Monday
    public void T0_IsTheClearingDateWhenWorking_ElseTheNextWorkingDay(int y, int m, int d, int ey, int em, int ed) =>
        Assert.Equal(D(ey, em, ed), ValueDates.For(D(y, m, d), SettlementCycle.T0, China).Date);

    [Fact]
    public void T2AndT3_CountWorkingDaysOnly()
    {
        // Clearing Fri 2026-02-13: working days after are 02-14 (make-up), 02-24, 02-25.
        Assert.Equal(D(2026, 2, 24), ValueDates.For(D(2026, 2, 13), SettlementCycle.T2, China).Date);
        Assert.Equal(D(2026, 2, 25), ValueDates.For(D(2026, 2, 13), SettlementCycle.T3, China).Date);
        // Clearing Mon 2026-11-23: Tue, Wed, Thu.
        Assert.Equal(D(2026, 11, 24), ValueDates.For(D(2026, 11, 23), SettlementCycle.T1, China).Date);
        Assert.Equal(D(2026, 11, 25), ValueDates.For(D(2026, 11, 23), SettlementCycle.T2, China).Date);
        Assert.Equal(D(2026, 11, 26), ValueDates.For(D(2026, 11, 23), SettlementCycle.T3, China).Date);
    }

    [Fact]
    public void ValueDateInAnUnloadedYear_IsProvisional()
    {
        // Thu 2026-12-31 T+1 lands on 2027-01-01, which no loaded notice covers.
        var value = ValueDates.For(D(2026, 12, 31), SettlementCycle.T1, China);
        Assert.Equal(D(2027, 1, 1), value.Date);
        Assert.True(value.Provisional);

        var firm = ValueDates.For(D(2026, 12, 30), SettlementCycle.T1, China);
        Assert.Equal(D(2026, 12, 31), firm.Date);
        Assert.False(firm.Provisional);
    }

    [Fact]
    public void LoadingTheNextYear_TurnsAProvisionalDateFirm()
    {
        var calendar = China.Load(new HolidayCalendarYear { Year = 2027, Holidays = [D(2027, 1, 1), D(2027, 1, 2), D(2027, 1, 3)] }).Calendar;
        var value = ValueDates.For(D(2026, 12, 31), SettlementCycle.T1, calendar);
        Assert.Equal(D(2027, 1, 4), value.Date);
        Assert.False(value.Provisional);
    }
}
