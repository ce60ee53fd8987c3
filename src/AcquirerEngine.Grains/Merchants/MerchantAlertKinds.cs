namespace AcquirerEngine.Grains.Merchants;

/// <summary>Alert kinds the merchant raises from risk rules (besides <see cref="Alerts.AlertKinds.AbnormalFlow"/>).</summary>
public static class MerchantAlertKinds
{
    public const string NewMerchantLargeFirstSale = "new-merchant-large-first-sale";

    public const string TicketFarAboveAverage = "ticket-far-above-average";

    public const string DailyVolumeSpike = "daily-volume-spike";

    public const string LargeNightSale = "large-night-sale";

    public const string RoundAmount = "round-amount";

    /// <summary>The bank returned a payout (account frozen or closed, ...): the money waits for the next run.</summary>
    public const string PayoutReturned = "payout-returned";

    /// <summary>The settlement run could not hand a payout to any rail (no route, queue full, refused).</summary>
    public const string PayoutNotDispatched = "payout-not-dispatched";

    /// <summary>A payout rail threw at hand-over (unavailable): raised once per episode, the next runs retry.</summary>
    public const string PayoutRailUnavailable = "payout-rail-unavailable";
}
