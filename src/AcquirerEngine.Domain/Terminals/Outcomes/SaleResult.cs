namespace AcquirerEngine.Domain.Terminals;

public enum SaleResult
{
    /// <summary>New identity, approved: one SaleApproved event.</summary>
    Approved = 1,

    /// <summary>New identity, declined by policy: one SaleDeclined event (a retry gets the same decline).</summary>
    Declined = 2,

    /// <summary>R7 retry: same identity and body; the stored reply is returned and nothing is appended.</summary>
    DuplicateSameBody = 3,

    /// <summary>R7: same identity, different body. Rejected, nothing appended, the stored sale untouched.</summary>
    ConflictDifferentBody = 4,

    /// <summary>The request names a batch other than the open one; the outcome carries the open batch.</summary>
    BatchNotOpen = 5,
    NotSignedOn = 6,
    NotRegistered = 7,
    MerchantMismatch = 8,
}
