namespace AcquirerEngine.Domain.Terminals;

/// <summary>What a journal entry of the terminal is. Values mirror the wire TransactionType.</summary>
public enum TransactionKind
{
    Unspecified = 0,
    Sale = 1,

    /// <summary>A 0220 refund: its own identity in the batch it was made in, money back to the card.</summary>
    Refund = 2,
    OrphanReversal = 3,
}
