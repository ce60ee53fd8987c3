namespace AcquirerEngine.Domain.Terminals;

/// <param name="VoidRrn">The void's RRN for Voided and AlreadyVoided; null otherwise.</param>
/// <param name="OriginalStatus">The original's status after the decision, when the original was found.</param>
public sealed record VoidOutcome(
    VoidResult Result,
    string? VoidRrn,
    TransactionStatus? OriginalStatus,
    IReadOnlyList<TerminalEvent> Events)
    : TerminalOutcome(Events);
