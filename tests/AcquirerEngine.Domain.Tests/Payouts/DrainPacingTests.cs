using AcquirerEngine.Domain.Calendars;
using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Domain.Payouts;

namespace AcquirerEngine.Domain.Tests.Payouts;

public sealed class DrainPacingTests
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    [Fact]
    public void RealTimeRail_DrainsEverySecond_AtItsRate()
    {
        var plan = DrainPacing.For(ChannelDefaults.Ibps with { PayoutsPerSecond = 10 }, OneSecond);
        Assert.Equal(new DrainPlan(OneSecond, 10, null), plan);
    }

    [Fact]
    public void BatchedRail_DrainsOncePerBatch_WithABatchWorthOfSends()
    {
        var plan = DrainPacing.For(ChannelDefaults.Beps, OneSecond);
        Assert.Equal(new DrainPlan(TimeSpan.FromMinutes(5), 100 * 300, TimeSpan.FromMinutes(5)), plan);
        Assert.Equal(new DateTime(2026, 11, 23, 10, 5, 0), DrainPacing.AlignToDrain(plan, new DateTime(2026, 11, 23, 10, 2, 0)));
    }

    [Fact]
    public void LongerMinimumPeriod_ScalesTheBudget_SoTheRateHolds()
    {
        var plan = DrainPacing.For(ChannelDefaults.Hvps, TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.FromSeconds(2), plan.Period);
        Assert.Equal(40, plan.BudgetPerDrain);
    }

    [Fact]
    public void RateGuard_RefusesASecondDrainWithinOnePeriod()
    {
        var plan = DrainPacing.For(ChannelDefaults.Ibps, OneSecond);
        var last = new DateTime(2026, 11, 23, 10, 0, 0);
        Assert.True(DrainPacing.MayDrainAt(plan, last, null));
        Assert.False(DrainPacing.MayDrainAt(plan, last.AddMilliseconds(999), last));
        Assert.True(DrainPacing.MayDrainAt(plan, last.AddSeconds(1), last));
        Assert.Equal(last.AddSeconds(1), DrainPacing.EarliestNextDrain(plan, last.AddMilliseconds(10), last));
        Assert.Equal(last.AddSeconds(5), DrainPacing.EarliestNextDrain(plan, last.AddSeconds(5), last));
    }

    [Fact]
    public void QueueAge_IsBreachedFromTheDeadlineOn()
    {
        var oldest = new DateTime(2026, 11, 22, 2, 5, 0);
        var sla = TimeSpan.FromMinutes(15);
        Assert.False(QueueAge.IsBreached(oldest, oldest.AddMinutes(15).AddTicks(-1), sla));
        Assert.True(QueueAge.IsBreached(oldest, oldest.AddMinutes(15), sla));
    }

    [Fact]
    public void NextWake_ClosedRail_WakesAtTheSlaDeadlineThenAtTheOpening_NeverInBetween()
    {
        var config = ChannelDefaults.Hvps;
        var plan = DrainPacing.For(config, OneSecond);
        var now = new DateTime(2026, 10, 1, 10, 0, 0);
        var status = ChannelSchedule.StateAt(config, [], BuiltInCalendars.ChinaMainland, now);
        var opening = new DateTime(2026, 10, 7, 20, 30, 0);

        Assert.Equal(now.AddMinutes(30), DrainSchedule.NextWake(plan, config, status, now, null, now, false, TimeSpan.FromDays(1)));
        Assert.Equal(opening, DrainSchedule.NextWake(plan, config, status, now, null, now, true, TimeSpan.FromDays(1)));
        Assert.Null(DrainSchedule.NextWake(plan, config, status, now, null, null, false, TimeSpan.FromDays(1)));
    }

    [Fact]
    public void NextWake_OpenRail_WakesForTheNextAllowedDrain()
    {
        var config = ChannelDefaults.Ibps;
        var plan = DrainPacing.For(config, OneSecond);
        var now = new DateTime(2026, 11, 23, 10, 0, 0);
        var status = ChannelSchedule.StateAt(config, [], BuiltInCalendars.ChinaMainland, now);

        Assert.Equal(now, DrainSchedule.NextWake(plan, config, status, now, null, now, false, TimeSpan.FromDays(1)));
        Assert.Equal(now.AddSeconds(1), DrainSchedule.NextWake(plan, config, status, now, now, now, true, TimeSpan.FromDays(1)));
    }
}
