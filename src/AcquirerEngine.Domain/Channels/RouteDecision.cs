namespace AcquirerEngine.Domain.Channels;

/// <summary>
/// Where and when a payout goes, and why in plain words. <see cref="EarliestSend"/> is the first part's send
/// instant; <see cref="Considered"/> lists every configured rail the router looked at.
/// </summary>
public sealed record RouteDecision(
    RouteResult Result,
    ChannelKind? Channel,
    DateTime? EarliestSend,
    IReadOnlyList<PayoutPart> Parts,
    IReadOnlyList<ChannelConsideration> Considered,
    string Reason,
    bool Provisional,
    RoutingPolicy Policy)
{
    public bool IsSplit => Parts.Count > 1;
}
