namespace AcquirerEngine.Domain.Terminals;

public enum RefundResult
{
    /// <summary>New refund identity, accepted: one SaleRefunded event.</summary>
    Refunded = 1,

    /// <summary>Retry with the same identity and body: the stored reply, no event.</summary>
    DuplicateSameBody = 2,

    /// <summary>The refund's identity is already used (by another refund or a sale) with a different body. No event.</summary>
    ConflictDifferentBody = 3,
    OriginalNotFound = 4,

    /// <summary>R6: the original is still in the open batch; it must be voided, not refunded.</summary>
    OriginalNotSettled = 5,

    /// <summary>The amount is above what is left to refund; the outcome carries the remaining refundable amount.</summary>
    ExceedsRefundable = 6,

    /// <summary>The original was declined, voided or reversed: no debit stands to refund.</summary>
    OriginalNotRefundable = 7,
    NotSignedOn = 8,

    /// <summary>The refund names a batch other than the open one (a refund is a transaction of the open batch).</summary>
    BatchNotOpen = 9,
    NotRegistered = 10,
    MerchantMismatch = 11,

    /// <summary>
    /// The terminal already reversed this refund identity (0400) before the 0220 arrived: refunding now would
    /// pay back money the terminal considers cancelled. No event; the orphan reversal stays the record.
    /// </summary>
    ReversedBeforeArrival = 12,
}
