namespace AcquirerEngine.Domain.Terminals;

/// <summary>
/// Read model of one terminal journal entry, shaped like the wire Transaction. Orphan reversals appear
/// with <see cref="TransactionKind.OrphanReversal"/>, <see cref="TransactionStatus.NoEffect"/> and no money;
/// refunds with <see cref="TransactionKind.Refund"/>, <see cref="TransactionStatus.Approved"/> and their own amount.
/// </summary>
public sealed record TransactionView(
    string MerchantId,
    string TerminalId,
    uint BatchNo,
    uint Stan,
    DateOnly? LocalDate,
    DateTime? LocalTime,
    TransactionKind Kind,
    TransactionStatus Status,
    long AmountMinor,
    string? Currency,
    CardType CardType,
    string? Rrn,
    string? ApprovalCode,
    SaleDeclineReason DeclineReason,
    string? DeclineReasonText,
    long RefundedMinor,
    uint? VoidStan,
    string? VoidRrn)
{
    /// <summary>For a refund: the sale it returned money from. Null for sales and orphan reversals.</summary>
    public OriginalSaleKey? Original { get; init; }
}
