namespace AcquirerEngine.Domain.Ledger;

public enum HoldStatus
{
    None = 0,
    Held = 1,
    Released = 2,

    /// <summary>Review refused the funds: returned to the cardholder. Final.</summary>
    Rejected = 3,
}
