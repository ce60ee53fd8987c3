namespace AcquirerEngine.Domain.Ledger;

/// <summary>Which bucket of a transaction a settlement run took money from (or deferred money out of).</summary>
public enum FundsSource
{
    Unspecified = 0,

    /// <summary>Pending clearing; a negative amount is a refund carried against this settlement.</summary>
    Pending = 1,
    Deferred = 2,

    /// <summary>Money of a returned payout, paid again.</summary>
    Returned = 3,
}
