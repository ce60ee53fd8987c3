namespace AcquirerEngine.Domain.Explanations;

/// <summary>Where one part of a split payout stands.</summary>
public enum PayoutPartStatus
{
    Instructed = 1,
    Queued = 2,
    Sent = 3,
    Credited = 4,
    Returned = 5,
}
