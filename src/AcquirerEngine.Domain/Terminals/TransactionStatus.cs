namespace AcquirerEngine.Domain.Terminals;

/// <summary>Where a terminal transaction stands. Values mirror the wire TransactionState.</summary>
public enum TransactionStatus
{
    Unspecified = 0,
    Approved = 1,
    Declined = 2,
    Voided = 3,
    Reversed = 4,

    /// <summary>Recorded without financial effect: a reversal whose original was never seen.</summary>
    NoEffect = 5,
}
