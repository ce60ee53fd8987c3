namespace AcquirerEngine.Domain.Channels;

/// <summary>R4: what to do with an interbank payout above the capped rails' limits while HVPS is closed.</summary>
public enum RoutingPolicy
{
    /// <summary>Send the whole amount by HVPS at its next opening (default: one item, no netting surprises).</summary>
    WaitForHvps = 1,

    /// <summary>Split into parts no larger than the cap of an open capped rail (IBPS, else BEPS) and send all now.</summary>
    SplitWithinCaps = 2,

    /// <summary>
    /// Send the whole amount by whichever rail can carry it first, HVPS or a capped rail whose cap then
    /// admits it (e.g. a configured BEPS holiday cap). With no holiday caps configured this equals
    /// <see cref="WaitForHvps"/>.
    /// </summary>
    AlternativeRail = 3,
}
