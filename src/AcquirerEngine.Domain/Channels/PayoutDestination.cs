namespace AcquirerEngine.Domain.Channels;

public enum PayoutDestination
{
    /// <summary>The merchant's account is at the acquirer's settlement bank: an internal transfer.</summary>
    SameBank = 1,

    /// <summary>Another bank: HVPS, BEPS or IBPS.</summary>
    Interbank = 2,
}
