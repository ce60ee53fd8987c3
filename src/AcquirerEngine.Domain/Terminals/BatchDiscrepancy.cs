namespace AcquirerEngine.Domain.Terminals;

/// <summary>
/// One line of a batch reconciliation report. Recorded in <see cref="BatchClosed"/> so that what the terminal
/// claimed is kept (for the merchant's dispute and the operator's follow-up) without ever moving money.
/// </summary>
/// <param name="TerminalRecord">What the terminal uploaded; null for <see cref="BatchDiscrepancyKind.MissingOnTerminal"/>.</param>
/// <param name="HostAmountMinor">The host's amount for the identity; 0 when the host does not know it.</param>
/// <param name="HostStatus">The host's status for the identity; null when the host does not know it.</param>
public sealed record BatchDiscrepancy(
    BatchDiscrepancyKind Kind,
    uint Stan,
    DateOnly LocalDate,
    UploadedSaleRecord? TerminalRecord,
    long HostAmountMinor,
    TransactionStatus? HostStatus);
