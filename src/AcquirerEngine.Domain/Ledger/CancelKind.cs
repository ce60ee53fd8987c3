namespace AcquirerEngine.Domain.Ledger;

/// <summary>How a captured sale was undone before settlement (R6, R8).</summary>
public enum CancelKind
{
    Unspecified = 0,
    Void = 1,
    Reversal = 2,
}
