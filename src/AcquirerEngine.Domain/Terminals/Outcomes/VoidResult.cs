namespace AcquirerEngine.Domain.Terminals;

public enum VoidResult
{
    /// <summary>The sale is voided: one SaleVoided event; it will not be cleared.</summary>
    Voided = 1,

    /// <summary>Idempotent repeat: the sale was voided before; the stored void RRN is returned, no event.</summary>
    AlreadyVoided = 2,
    OriginalNotFound = 3,

    /// <summary>R6: the original's batch is no longer open; after settlement only a refund can return money.</summary>
    NotInOpenBatch = 4,

    /// <summary>R6: a void is for the full amount only.</summary>
    AmountMismatch = 5,

    /// <summary>The original was reversed or declined: there is nothing to void.</summary>
    NotVoidable = 6,
    NotSignedOn = 7,
    NotRegistered = 8,
    MerchantMismatch = 9,
}
