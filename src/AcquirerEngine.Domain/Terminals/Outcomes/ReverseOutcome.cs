namespace AcquirerEngine.Domain.Terminals;

/// <param name="OriginalStatus">
/// What the host now says about the original: Reversed, Voided, Declined, Approved (batch closed), or
/// NoEffect for an orphan; null for rejections.
/// </param>
public sealed record ReverseOutcome(ReverseResult Result, TransactionStatus? OriginalStatus, IReadOnlyList<TerminalEvent> Events)
    : TerminalOutcome(Events)
{
    /// <summary>Whether this reversal had been processed before (the wire's "duplicate" flag).</summary>
    public bool IsDuplicate => Result is ReverseResult.AlreadyReversed or ReverseResult.AlreadyRecorded;
}
