using AcquirerEngine.Domain.Calendars;
using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Domain.Settlement;

namespace AcquirerEngine.Domain.Tests.Channels;

public sealed class ArrivalEstimateTests
{
    private static readonly HolidayCalendar China = BuiltInCalendars.ChinaMainland;

    private static RouteDecision Decision(bool provisional, params PayoutPart[] parts) =>
        new(RouteResult.SendNow, parts[0].Channel, parts[0].SendAt, parts, [], "test", provisional, RoutingPolicy.WaitForHvps);

    [Theory]
    [InlineData("2026-11-23T10:02:00", "2026-11-23T10:05:00")]
    [InlineData("2026-11-23T10:05:00", "2026-11-23T10:05:00")]
    [InlineData("2026-11-23T10:05:00.0000001", "2026-11-23T10:10:00")]
    [InlineData("2026-11-23T23:57:00", "2026-11-24T00:00:00")]
    public void Beps_ArrivesWithTheNextBatch(string sent, string expected) =>
        Assert.Equal(DateTime.Parse(expected), ArrivalEstimate.NextBatch(DateTime.Parse(sent), TimeSpan.FromMinutes(5)));

    [Fact]
    public void BepsBatchAcrossMidnight_MovesTheArrivalDate()
    {
        var value = ValueDates.For(new DateOnly(2026, 11, 22), SettlementCycle.T1, China); // Mon 11-23
        var decision = Decision(false, new PayoutPart(ChannelKind.Beps, 100, new DateTime(2026, 11, 23, 23, 57, 0)));
        var arrival = ArrivalEstimate.For(value, decision, ChannelDefaults.All, China);
        Assert.Equal(new DateOnly(2026, 11, 24), arrival.ExpectedDate);
    }

    [Fact]
    public void RealTimeRails_ArriveWhenSent_AndNeverBeforeTheValueDate()
    {
        var value = ValueDates.For(new DateOnly(2026, 11, 23), SettlementCycle.T1, China); // Tue 11-24
        var early = Decision(false, new PayoutPart(ChannelKind.Ibps, 100, new DateTime(2026, 11, 23, 9, 0, 0)));
        Assert.Equal(new DateOnly(2026, 11, 24), ArrivalEstimate.For(value, early, ChannelDefaults.All, China).ExpectedDate);

        var split = Decision(false,
            new PayoutPart(ChannelKind.Ibps, 5_000_000, new DateTime(2026, 11, 24, 9, 0, 0)),
            new PayoutPart(ChannelKind.Ibps, 1, new DateTime(2026, 11, 24, 9, 0, 0)));
        var arrival = ArrivalEstimate.For(value, split, ChannelDefaults.All, China);
        Assert.Equal(new DateTime(2026, 11, 24, 9, 0, 0), arrival.ExpectedAt);
    }

    [Fact]
    public void ProvisionalValueDateOrRoute_MakesTheArrivalProvisional()
    {
        var provisionalValue = ValueDates.For(new DateOnly(2026, 12, 31), SettlementCycle.T1, China);
        var decision = Decision(false, new PayoutPart(ChannelKind.Ibps, 100, new DateTime(2027, 1, 1, 9, 0, 0)));
        var arrival = ArrivalEstimate.For(provisionalValue, decision, ChannelDefaults.All, China);
        Assert.True(arrival.Provisional);
        Assert.Contains("provisional", arrival.Reason, StringComparison.Ordinal);

        var firmValue = ValueDates.For(new DateOnly(2026, 11, 23), SettlementCycle.T1, China);
        Assert.True(ArrivalEstimate.For(firmValue, Decision(true, new PayoutPart(ChannelKind.Ibps, 1, new DateTime(2026, 11, 24, 9, 0, 0))), ChannelDefaults.All, China).Provisional);
        Assert.False(ArrivalEstimate.For(firmValue, Decision(false, new PayoutPart(ChannelKind.Ibps, 1, new DateTime(2026, 11, 24, 9, 0, 0))), ChannelDefaults.All, China).Provisional);
    }

    [Fact]
    public void NoRoute_NoArrivalDate()
    {
        var value = ValueDates.For(new DateOnly(2026, 11, 23), SettlementCycle.T1, China);
        var none = new RouteDecision(RouteResult.NoChannelAvailable, null, null, [], [], "HVPS is not configured", false, RoutingPolicy.WaitForHvps);
        var arrival = ArrivalEstimate.For(value, none, ChannelDefaults.All, China);
        Assert.Null(arrival.ExpectedDate);
        Assert.Contains("HVPS is not configured", arrival.Reason, StringComparison.Ordinal);
    }
}
