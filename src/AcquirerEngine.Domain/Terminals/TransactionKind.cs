namespace AcquirerEngine.Domain.Terminals;

/// <summary>What a journal entry of the terminal is. Values mirror the wire TransactionType.</summary>
public enum TransactionKind
{
    Unspecified = 0,
    Sale = 1,

    /// <summary>Reserved: refunds arrive with batch settlement.</summary>
    Refund = 2,
    OrphanReversal = 3,
}
