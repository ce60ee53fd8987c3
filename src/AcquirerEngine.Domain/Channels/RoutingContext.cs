using AcquirerEngine.Domain.Calendars;

namespace AcquirerEngine.Domain.Channels;

/// <summary>The inputs one routing decision shares between its steps.</summary>
internal sealed record RoutingContext(
    long AmountMinor,
    DateTime Now,
    HolidayCalendar Calendar,
    IReadOnlyList<MaintenanceWindow> Windows,
    TimeSpan Horizon,
    RoutingPolicy Policy,
    IReadOnlyList<ChannelConsideration> Considered,
    bool Provisional)
{
    public RouteDecision Decide(RouteResult result, ChannelKind? channel, IReadOnlyList<PayoutPart> parts, string reason) =>
        new(result, channel, parts.Count > 0 ? parts[0].SendAt : null, parts, Considered, reason, Provisional, Policy);
}
