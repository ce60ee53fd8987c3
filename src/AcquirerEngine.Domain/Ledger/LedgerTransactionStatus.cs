namespace AcquirerEngine.Domain.Ledger;

/// <summary>Where a transaction's money is, as the merchant is told ("where is my money").</summary>
public enum LedgerTransactionStatus
{
    Unspecified = 0,
    PendingClearing = 1,
    HeldForReview = 2,
    Deferred = 3,

    /// <summary>In a payout not yet credited: instructed, queued for a closed channel, or in transit.</summary>
    InPayout = 4,
    Paid = 5,

    /// <summary>Its payout came back (e.g. account frozen or closed); the money waits for the next run.</summary>
    Returned = 6,
    Voided = 7,
    Reversed = 8,

    /// <summary>Fully refunded.</summary>
    Refunded = 9,

    /// <summary>A hold was rejected on review: the money went back to the cardholder.</summary>
    RejectedToCardholder = 10,
}
