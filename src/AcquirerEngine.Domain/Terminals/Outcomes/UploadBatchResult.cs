namespace AcquirerEngine.Domain.Terminals;

public enum UploadBatchResult
{
    /// <summary>The upload was reconciled and the batch closed: one BatchClosed event with the discrepancy list.</summary>
    Closed = 1,

    /// <summary>Repeat for a batch that is already closed: the stored result, no event.</summary>
    AlreadyClosed = 2,

    /// <summary>The open batch never failed a 0500: the terminal must send its totals first.</summary>
    UploadNotRequired = 3,

    /// <summary>The batch is neither the open one nor a closed one the host remembers.</summary>
    BatchNotOpen = 4,
    NotSignedOn = 5,
    NotRegistered = 6,
    MerchantMismatch = 7,
}
