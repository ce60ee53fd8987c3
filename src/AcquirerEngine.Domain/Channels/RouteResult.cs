namespace AcquirerEngine.Domain.Channels;

public enum RouteResult
{
    /// <summary>Every part can be sent at the decision instant.</summary>
    SendNow = 1,

    /// <summary>The payout waits in the chosen channel's queue until it opens.</summary>
    Queued = 2,

    /// <summary>No configured rail can carry the payout within the search horizon.</summary>
    NoChannelAvailable = 3,

    /// <summary>Payout amounts are positive; zero or negative is refused.</summary>
    InvalidAmount = 4,
}
