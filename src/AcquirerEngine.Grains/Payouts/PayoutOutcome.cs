namespace AcquirerEngine.Grains.Payouts;

/// <summary>What happened to a payout at the rail and the bank, as reported back to its merchant.</summary>
public enum PayoutOutcome
{
    /// <summary>Waiting in the rail's queue (closed by hours, holiday or maintenance, or behind others).</summary>
    Queued = 1,

    /// <summary>Handed to the bank; not yet confirmed.</summary>
    Sent = 2,

    /// <summary>On the merchant's account.</summary>
    Credited = 3,

    /// <summary>The bank sent it back (frozen or closed account, ...); the money returns to the merchant's balance.</summary>
    Returned = 4,
}
