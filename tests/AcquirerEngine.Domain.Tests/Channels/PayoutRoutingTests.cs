using AcquirerEngine.Domain.Calendars;
using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Domain.Settlement;

namespace AcquirerEngine.Domain.Tests.Channels;

public sealed class PayoutRoutingTests
{
    private static readonly HolidayCalendar China = BuiltInCalendars.ChinaMainland;
    private static readonly IReadOnlyList<ChannelConfig> Rails = ChannelDefaults.All;
    private static readonly MaintenanceWindow[] NoWindows = [];

    private static DateTime T(int year, int month, int day, int hour, int minute, int second = 0) =>
        new(year, month, day, hour, minute, second);

    private static RouteDecision Interbank(long amount, DateTime at, RoutingPolicy policy = RoutingPolicy.WaitForHvps, IReadOnlyList<MaintenanceWindow>? windows = null, IReadOnlyList<ChannelConfig>? rails = null) =>
        PayoutRouting.Route(amount, PayoutDestination.Interbank, at, China, rails ?? Rails, windows ?? NoWindows, policy);

    [Fact]
    public void Scenario4_D1OnHoliday_20261002_PaidOn1003ThroughBepsOrIbpsNotHvps()
    {
        var value = ValueDates.For(new DateOnly(2026, 10, 2), SettlementCycle.D1, China);
        Assert.Equal(new DateOnly(2026, 10, 3), value.Date);

        var payoutRun = T(2026, 10, 3, 9, 0);
        var decision = Interbank(1_234_567, payoutRun);
        Assert.Equal(RouteResult.SendNow, decision.Result);
        Assert.Equal(ChannelKind.Ibps, decision.Channel);
        Assert.Equal(payoutRun, decision.EarliestSend);
        var hvps = Assert.Single(decision.Considered, c => c.Channel == ChannelKind.Hvps);
        Assert.Equal(ChannelState.ClosedForHoliday, hvps.Status.State);

        // With IBPS down, BEPS carries it, still on the holiday and still not HVPS.
        MaintenanceWindow[] ibpsDown = [new() { Id = "x", Channel = ChannelKind.Ibps, Start = T(2026, 10, 3, 0, 0), End = T(2026, 10, 4, 0, 0), Reason = "outage", Kind = MaintenanceKind.Unscheduled }];
        var fallback = Interbank(1_234_567, payoutRun, windows: ibpsDown);
        Assert.Equal(ChannelKind.Beps, fallback.Channel);
        Assert.Equal(RouteResult.SendNow, fallback.Result);

        var arrival = ArrivalEstimate.For(value, fallback, Rails, China);
        Assert.Equal(new DateOnly(2026, 10, 3), arrival.ExpectedDate);
        Assert.Equal(T(2026, 10, 3, 9, 0), arrival.ExpectedAt); // 09:00 is itself a batch boundary
        Assert.False(arrival.Provisional);
    }

    [Fact]
    public void Scenario5_80000CnyAt1720OnWorkingDay_GoesOnNextHvpsDay_AndExplanationSaysSo()
    {
        var at = T(2026, 11, 23, 17, 20); // Monday
        var decision = Interbank(8_000_000, at);

        Assert.Equal(RouteResult.Queued, decision.Result);
        Assert.Equal(ChannelKind.Hvps, decision.Channel);
        Assert.Equal(T(2026, 11, 23, 20, 30), decision.EarliestSend);
        var part = Assert.Single(decision.Parts);
        Assert.Equal(8_000_000, part.AmountMinor);
        Assert.Contains("80,000.00 CNY is above the IBPS per-item cap of 50,000.00 CNY and the BEPS per-item cap of 50,000.00 CNY", decision.Reason, StringComparison.Ordinal);
        Assert.Contains("HVPS is closed by hours (17:15) until 20:30 today, business for the next HVPS day 2026-11-24", decision.Reason, StringComparison.Ordinal);
        Assert.Contains("waits for HVPS", decision.Reason, StringComparison.Ordinal);
        Assert.Equal(3, decision.Considered.Count);

        // R4: sent at 20:30 Monday, in the HVPS night session, which is business of Tuesday 11-24.
        var arrival = ArrivalEstimate.For(ValueDates.For(new DateOnly(2026, 11, 22), SettlementCycle.T1, China), decision, Rails, China);
        Assert.Equal(new DateOnly(2026, 11, 24), arrival.ExpectedDate);
        Assert.Contains("HVPS night session, which counts as business of 2026-11-24", arrival.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Scenario5_SplitPolicy_SendsPartsWithinTheCapNow()
    {
        var at = T(2026, 11, 23, 17, 20);
        var decision = Interbank(8_000_000, at, RoutingPolicy.SplitWithinCaps);

        Assert.Equal(RouteResult.SendNow, decision.Result);
        Assert.Equal(ChannelKind.Ibps, decision.Channel);
        Assert.True(decision.IsSplit);
        Assert.Equal([5_000_000L, 3_000_000L], decision.Parts.Select(p => p.AmountMinor));
        Assert.All(decision.Parts, p => Assert.Equal(at, p.SendAt));
        Assert.Contains("split into 2 parts of at most 50,000.00 CNY sent by IBPS now", decision.Reason, StringComparison.Ordinal);
        Assert.Contains("HVPS is closed by hours", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Scenario5_AlternativeRailPolicy_WithoutHolidayCaps_StillWaitsForHvps()
    {
        var decision = Interbank(8_000_000, T(2026, 11, 23, 17, 20), RoutingPolicy.AlternativeRail);
        Assert.Equal(ChannelKind.Hvps, decision.Channel);
        Assert.Equal(T(2026, 11, 23, 20, 30), decision.EarliestSend);
    }

    [Fact]
    public void AlternativeRailPolicy_UsesAConfiguredBepsHolidayCap_WhenItComesBeforeHvps()
    {
        var rails = new[] { ChannelDefaults.Hvps, ChannelDefaults.Beps with { NonWorkingDayPerItemCapMinor = 100_000_000 }, ChannelDefaults.Ibps };
        var friday = T(2026, 11, 20, 17, 20);

        var alternative = Interbank(8_000_000, friday, RoutingPolicy.AlternativeRail, rails: rails);
        Assert.Equal(ChannelKind.Beps, alternative.Channel);
        Assert.Equal(T(2026, 11, 21, 0, 0), alternative.EarliestSend); // Saturday: the holiday cap applies

        var wait = Interbank(8_000_000, friday, RoutingPolicy.WaitForHvps, rails: rails);
        Assert.Equal(ChannelKind.Hvps, wait.Channel);
        Assert.Equal(T(2026, 11, 22, 20, 30), wait.EarliestSend);
    }

    [Fact]
    public void SplitPolicy_WhileHvpsIsOpen_SendsWholeByHvps()
    {
        var decision = Interbank(8_000_000, T(2026, 11, 23, 10, 0), RoutingPolicy.SplitWithinCaps);
        Assert.Equal(RouteResult.SendNow, decision.Result);
        Assert.Equal(ChannelKind.Hvps, decision.Channel);
        Assert.False(decision.IsSplit);
    }

    [Fact]
    public void AboveCapsWithHvpsOpen_ExplainsWhyTheCappedRailsWerePassedOver()
    {
        var decision = Interbank(8_000_000, T(2026, 11, 23, 9, 0));
        Assert.Equal(RouteResult.SendNow, decision.Result);
        Assert.StartsWith("80,000.00 CNY goes by HVPS now: HVPS is open, accepting business for 2026-11-23", decision.Reason, StringComparison.Ordinal);
        Assert.Contains("IBPS is open but 80,000.00 CNY is above its per-item cap of 50,000.00 CNY", decision.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5_000_000, ChannelKind.Ibps)]
    [InlineData(5_000_001, ChannelKind.Hvps)]
    [InlineData(1, ChannelKind.Ibps)]
    public void CapEdge_OnAWorkingDayWithHvpsOpen(long amount, ChannelKind expected) =>
        Assert.Equal(expected, Interbank(amount, T(2026, 11, 23, 10, 0)).Channel);

    [Fact]
    public void WithinCaps_AllRailsDown_TakesWhicheverOpensFirst_PreferringRealTimeOnATie()
    {
        var sunday = new DateOnly(2026, 11, 22);
        var windows = new[] { ChannelKind.Ibps, ChannelKind.Beps }
            .SelectMany(k => MaintenanceWindows.Weekly($"{k}", k, DayOfWeek.Sunday, new TimeOnly(2, 0), TimeSpan.FromHours(2), sunday, sunday, "weekly"))
            .ToList();
        var decision = Interbank(100_000, T(2026, 11, 22, 2, 30), windows: windows);
        Assert.Equal(RouteResult.Queued, decision.Result);
        Assert.Equal(ChannelKind.Ibps, decision.Channel);
        Assert.Equal(T(2026, 11, 22, 4, 0), decision.EarliestSend);

        // BEPS back earlier than IBPS: BEPS wins.
        windows[1] = windows[1] with { End = T(2026, 11, 22, 3, 0) };
        Assert.Equal(ChannelKind.Beps, Interbank(100_000, T(2026, 11, 22, 2, 30), windows: windows).Channel);
    }

    [Fact]
    public void SameBank_QueuesWhileTheCoreIsInMaintenance()
    {
        var windows = MaintenanceWindows.Weekly("core", ChannelKind.SameBank, DayOfWeek.Sunday, new TimeOnly(2, 0), TimeSpan.FromHours(2),
            new DateOnly(2026, 11, 22), new DateOnly(2026, 11, 22), "core batch");
        var decision = PayoutRouting.Route(9_999_999_999, PayoutDestination.SameBank, T(2026, 11, 22, 3, 0), China, Rails, windows);
        Assert.Equal(RouteResult.Queued, decision.Result);
        Assert.Equal(ChannelKind.SameBank, decision.Channel);
        Assert.Equal(T(2026, 11, 22, 4, 0), decision.EarliestSend);
        Assert.Contains("queued for same-bank transfer", decision.Reason, StringComparison.Ordinal);

        var open = PayoutRouting.Route(100, PayoutDestination.SameBank, T(2026, 11, 22, 4, 0), China, Rails, windows);
        Assert.Equal(RouteResult.SendNow, open.Result);
    }

    [Fact]
    public void NoHvpsConfigured_AboveCaps_IsNoChannelAvailable_ButSplitStillWorks()
    {
        var rails = new[] { ChannelDefaults.Beps, ChannelDefaults.Ibps };
        var wait = Interbank(8_000_000, T(2026, 11, 23, 10, 0), rails: rails);
        Assert.Equal(RouteResult.NoChannelAvailable, wait.Result);
        Assert.Contains("HVPS is not configured", wait.Reason, StringComparison.Ordinal);
        Assert.Empty(wait.Parts);

        var split = Interbank(8_000_000, T(2026, 11, 23, 10, 0), RoutingPolicy.SplitWithinCaps, rails: rails);
        Assert.Equal(2, split.Parts.Count);
        Assert.Equal(8_000_000, split.Parts.Sum(p => p.AmountMinor));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void NonPositiveAmounts_AreRefused(long amount) =>
        Assert.Equal(RouteResult.InvalidAmount, Interbank(amount, T(2026, 11, 23, 10, 0)).Result);

    [Fact]
    public void HvpsRoutingIntoAnUnloadedYear_IsProvisional()
    {
        var decision = Interbank(8_000_000, T(2026, 12, 31, 17, 20));
        Assert.Equal(ChannelKind.Hvps, decision.Channel);
        Assert.Equal(T(2026, 12, 31, 20, 30), decision.EarliestSend);
        Assert.True(decision.Provisional);
    }

    [Theory]
    [InlineData(1_234_567, 2026, 10, 3, 9, RoutingPolicy.WaitForHvps)]
    [InlineData(600_000_000, 2026, 11, 18, 0, RoutingPolicy.WaitForHvps)]
    [InlineData(600_000_000, 2026, 11, 18, 0, RoutingPolicy.SplitWithinCaps)]
    [InlineData(600_000_000, 2026, 10, 3, 9, RoutingPolicy.AlternativeRail)]
    public void Statuses_handed_in_by_the_caller_route_exactly_as_statuses_built_here(long amount, int year, int month, int day, int hour, RoutingPolicy policy)
    {
        var at = T(year, month, day, hour, 30);
        var asked = new List<ChannelKind>();
        ChannelStatusSource source = (config, windows, calendar, localTime, horizon) =>
        {
            asked.Add(config.Kind);
            return ChannelSchedule.StateAt(config, windows, calendar, localTime, horizon);
        };

        var built = PayoutRouting.Route(amount, PayoutDestination.Interbank, at, China, Rails, NoWindows, policy);
        var handedIn = PayoutRouting.Route(amount, PayoutDestination.Interbank, at, China, Rails, NoWindows, policy, statusAt: source);

        Assert.Equal([ChannelKind.Ibps, ChannelKind.Beps, ChannelKind.Hvps], asked);
        Assert.Equal(built.Reason, handedIn.Reason);
        Assert.Equal((built.Result, built.Channel, built.EarliestSend, built.Provisional), (handedIn.Result, handedIn.Channel, handedIn.EarliestSend, handedIn.Provisional));
        Assert.Equal(built.Parts, handedIn.Parts);
        Assert.Equal(built.Considered.Select(c => c.Status), handedIn.Considered.Select(c => c.Status));
    }
}
