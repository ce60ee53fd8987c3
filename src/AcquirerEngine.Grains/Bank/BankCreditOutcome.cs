namespace AcquirerEngine.Grains.Bank;

public enum BankCreditOutcome
{
    /// <summary>The money is on the account; the trace id names the credit.</summary>
    Credited = 1,

    /// <summary>The bank refused and sent the money back (frozen or closed account, ...).</summary>
    Returned = 2,

    /// <summary>No answer: the credit may or may not have happened. Retry with the same payout id.</summary>
    TimedOut = 3,

    /// <summary>
    /// Accepted and recorded, but not yet on the account (the bank's configured latency): the money is in
    /// transit. Ask again with the same payout id at or after the landing time to learn it was credited.
    /// </summary>
    Pending = 4,
}
