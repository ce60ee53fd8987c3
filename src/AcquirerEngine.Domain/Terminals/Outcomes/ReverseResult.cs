namespace AcquirerEngine.Domain.Terminals;

public enum ReverseResult
{
    /// <summary>The approved original is reversed: money returned, one SaleReversed event.</summary>
    Reversed = 1,

    /// <summary>Repeat of a reversal that already returned the money: no event.</summary>
    AlreadyReversed = 2,

    /// <summary>The original is unknown: an OrphanReversalRecorded event, no money moves.</summary>
    OrphanRecorded = 3,

    /// <summary>Repeat of an orphan reversal: no event, no money.</summary>
    AlreadyRecorded = 4,

    /// <summary>The original was voided or declined: no debit stands, so none is undone. No event.</summary>
    NoFinancialEffect = 5,

    /// <summary>The approved original's batch is closed: too late to reverse, a refund is needed. No event.</summary>
    NotInOpenBatch = 6,
    NotRegistered = 7,
    MerchantMismatch = 8,
}
