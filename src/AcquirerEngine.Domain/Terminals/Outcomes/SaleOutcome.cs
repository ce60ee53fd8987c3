namespace AcquirerEngine.Domain.Terminals;

/// <param name="Reply">The terminal's answer for Approved, Declined and DuplicateSameBody; null otherwise.</param>
/// <param name="OpenBatchNo">The terminal's open batch, so BatchNotOpen can name it.</param>
public sealed record SaleOutcome(
    SaleResult Result,
    SaleReply? Reply,
    uint OpenBatchNo,
    IReadOnlyList<TerminalEvent> Events)
    : TerminalOutcome(Events);
