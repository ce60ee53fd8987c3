namespace AcquirerEngine.Domain.Ledger;

public enum CaptureResult
{
    /// <summary>Net to pending clearing, fee to fees.</summary>
    Captured = 1,

    /// <summary>Risk held the net for review; the outcome carries the reasons and alerts.</summary>
    CapturedAndHeld = 2,

    /// <summary>Same transaction id and body seen before: nothing appended (one debit, scenario 11).</summary>
    Duplicate = 3,

    /// <summary>Same transaction id, different body: refused, the stored capture untouched.</summary>
    ConflictDifferentBody = 4,
    AccountNotConfigured = 5,
}
