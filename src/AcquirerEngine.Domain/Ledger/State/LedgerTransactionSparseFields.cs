namespace AcquirerEngine.Domain.Ledger;

/// <summary>
/// The fields of a <see cref="LedgerTransaction"/> that most transactions leave at their defaults, held apart so an
/// ordinary sale does not carry them (see the transaction's properties of the same names).
/// </summary>
internal sealed class LedgerTransactionSparseFields
{
    public int ValueDateRevisionCount;
    public long HeldMinor;
    public long DeferredMinor;
    public DeferralReason DeferralReason;
    public DateOnly? DeferredOnRun;
    public long ReturnedMinor;
    public string? ReturnReason;
    public CancelKind CancelKind;
    public long CancelledMinor;
    public long RefundedMinor;
    public long RejectedMinor;
    public HoldReason HoldReason;
    public string? HoldText;
    public int HoldCount;
}
