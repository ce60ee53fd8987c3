namespace AcquirerEngine.Domain.Ledger;

public enum CancelResult
{
    Cancelled = 1,

    /// <summary>Already voided or reversed (R8 repeat): nothing appended.</summary>
    AlreadyCancelled = 2,

    /// <summary>Unknown transaction: no money moves (R8).</summary>
    TransactionNotFound = 3,

    /// <summary>Some of its money was already settled or refunded: only a refund can return it now (R6).</summary>
    RefundRequired = 4,

    /// <summary>A rejected hold already sent the money back to the cardholder.</summary>
    AlreadyReturnedToCardholder = 5,
}
