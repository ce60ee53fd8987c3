namespace AcquirerEngine.Domain.Terminals;

/// <param name="Rrn">The refund's RRN for Refunded and DuplicateSameBody; null otherwise.</param>
/// <param name="RefundableRemainingMinor">
/// What can still be refunded from the original: after this refund for Refunded and DuplicateSameBody (as
/// first answered), before it for ExceedsRefundable; null when the original was not found or not reached.
/// </param>
/// <param name="OpenBatchNo">The terminal's open batch, so BatchNotOpen can name it.</param>
public sealed record RefundOutcome(
    RefundResult Result,
    string? Rrn,
    long? RefundableRemainingMinor,
    uint OpenBatchNo,
    IReadOnlyList<TerminalEvent> Events)
    : TerminalOutcome(Events);
