namespace AcquirerEngine.Domain.Ledger;

public enum HoldResult
{
    Placed = 1,
    Released = 2,
    Rejected = 3,
    AlreadyHeld = 4,

    /// <summary>Release or reject of a transaction that has no active hold (a repeat, or never held).</summary>
    NotHeld = 5,

    /// <summary>Nothing unpaid left to hold (already in a payout or paid).</summary>
    NothingToHold = 6,
    TransactionNotFound = 7,

    /// <summary>Voided, reversed or rejected: final.</summary>
    TransactionClosed = 8,
}
