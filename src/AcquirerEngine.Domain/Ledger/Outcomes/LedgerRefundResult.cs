namespace AcquirerEngine.Domain.Ledger;

public enum LedgerRefundResult
{
    /// <summary>Taken from the sale's unpaid money.</summary>
    Recorded = 1,

    /// <summary>Recorded; part (or all) was already paid out and is deducted from the next settlement.</summary>
    RecordedCarriedToNextSettlement = 2,

    /// <summary>Same refund id and body: nothing appended.</summary>
    Duplicate = 3,
    ConflictDifferentBody = 4,
    OriginalNotFound = 5,

    /// <summary>The original was voided, reversed or rejected to the cardholder: nothing left to refund.</summary>
    OriginalClosed = 6,

    /// <summary>Refunds would exceed the original amount.</summary>
    ExceedsOriginal = 7,
}
