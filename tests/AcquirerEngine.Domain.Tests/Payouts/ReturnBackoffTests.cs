using AcquirerEngine.Domain.Calendars;
using AcquirerEngine.Domain.Payouts;

namespace AcquirerEngine.Domain.Tests.Payouts;

public sealed class ReturnBackoffTests
{
    private static readonly HolidayCalendar China = BuiltInCalendars.ChinaMainland;

    private static readonly string[] AccountLevel = ["account frozen", "account closed"];

    [Theory]
    [InlineData("account frozen", true)]
    [InlineData("Account Closed by the beneficiary bank", true)]
    [InlineData("returned by the beneficiary bank", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Only_reasons_naming_the_account_are_account_level(string? reason, bool expected) =>
        Assert.Equal(expected, ReturnBackoff.IsAccountLevel(reason, AccountLevel));

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(4, 8)]
    [InlineData(5, 8)]
    [InlineData(40, 8)]
    public void The_wait_doubles_in_working_days_up_to_the_bound(int consecutive, int expectedDays) =>
        Assert.Equal(expectedDays, ReturnBackoff.WorkingDaysToWait(consecutive, maxWorkingDays: 8));

    [Fact]
    public void Consecutive_returns_push_the_next_attempt_out_by_working_days_skipping_weekends_and_holidays()
    {
        var first = ReturnBackoff.After(null, "account frozen", new DateOnly(2026, 11, 10), China, 8); // Tue
        var second = ReturnBackoff.After(first, "account frozen", new DateOnly(2026, 11, 11), China, 8);
        var third = ReturnBackoff.After(second, "account frozen", new DateOnly(2026, 11, 13), China, 8); // Fri
        var onceBefore = new ReturnBackoff { ConsecutiveReturns = 1, Reason = "account closed", ResumeOn = new DateOnly(2026, 9, 30) };
        var acrossNationalDay = ReturnBackoff.After(onceBefore, "account closed", new DateOnly(2026, 9, 30), China, 8);

        Assert.Equal((1, new DateOnly(2026, 11, 11)), (first.ConsecutiveReturns, first.ResumeOn)); // next run, as any return
        Assert.Equal((2, new DateOnly(2026, 11, 13)), (second.ConsecutiveReturns, second.ResumeOn)); // Thu, Fri
        Assert.Equal((3, new DateOnly(2026, 11, 19)), (third.ConsecutiveReturns, third.ResumeOn)); // Mon..Thu
        Assert.Equal(new DateOnly(2026, 10, 9), acrossNationalDay.ResumeOn); // 10-08 and 10-09 are the first working days
        Assert.Equal("account closed", acrossNationalDay.Reason);
    }

    [Fact]
    public void A_late_return_never_brings_the_next_attempt_forward()
    {
        var longWait = new ReturnBackoff { ConsecutiveReturns = 4, Reason = "account frozen", ResumeOn = new DateOnly(2026, 12, 1) };

        Assert.Equal(new DateOnly(2026, 12, 1), ReturnBackoff.After(longWait, "account frozen", new DateOnly(2026, 11, 10), China, 1).ResumeOn);
    }
}
