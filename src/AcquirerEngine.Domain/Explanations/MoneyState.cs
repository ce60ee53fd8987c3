namespace AcquirerEngine.Domain.Explanations;

/// <summary>Where a merchant's money is, in the merchant's words. Same numbers as operator.proto MoneyState.</summary>
public enum MoneyState
{
    Unspecified = 0,
    PendingClearing = 1,
    HeldForReview = 2,
    QueuedForClosedChannel = 3,
    InTransit = 4,
    Paid = 5,
    Returned = 6,
    Reversed = 7,
    Voided = 8,
    Refunded = 9,
    Deferred = 10,
    Rejected = 11,
}
