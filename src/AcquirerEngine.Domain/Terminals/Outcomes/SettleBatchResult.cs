namespace AcquirerEngine.Domain.Terminals;

public enum SettleBatchResult
{
    /// <summary>R9: totals equal: one BatchClosed event, the next batch is open.</summary>
    Balanced = 1,

    /// <summary>
    /// R9: totals differ (or the batch mixes currencies): the batch stays open and a 0320 upload is needed.
    /// A BatchUploadRequired event the first time for this batch, none on repeats.
    /// </summary>
    UploadRequired = 2,

    /// <summary>Repeat for a batch that is already closed: the stored result, no event, whatever totals were sent.</summary>
    AlreadyClosed = 3,

    /// <summary>The batch is neither the open one nor a closed one the host remembers.</summary>
    BatchNotOpen = 4,
    NotSignedOn = 5,
    NotRegistered = 6,
    MerchantMismatch = 7,
}
