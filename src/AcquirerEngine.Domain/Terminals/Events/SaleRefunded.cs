namespace AcquirerEngine.Domain.Terminals;

/// <summary>
/// A settled sale was refunded by <see cref="AmountMinor"/> (0220). The refund belongs to the open batch
/// <see cref="BatchNo"/> (its totals count it); the original is named by its full identity.
/// </summary>
/// <param name="RefundableRemainingMinor">
/// What could still be refunded after this refund: part of the stored reply, so a retry gets it unchanged.
/// </param>
public sealed record SaleRefunded(
    string MerchantId,
    string TerminalId,
    uint BatchNo,
    uint Stan,
    DateOnly LocalDate,
    DateTime LocalTime,
    long AmountMinor,
    string Currency,
    CardType CardType,
    uint OriginalBatchNo,
    uint OriginalStan,
    DateOnly OriginalLocalDate,
    string Rrn,
    long RefundableRemainingMinor)
    : TerminalEvent(MerchantId, TerminalId)
{
    public override string RecordId => RecordIds.Refund(MerchantId, TerminalId, BatchNo, Stan, LocalDate);
}
