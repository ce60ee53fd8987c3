namespace AcquirerEngine.Domain.Terminals;

/// <summary>A sale was approved: the card is debited for <see cref="AmountMinor"/>.</summary>
public sealed record SaleApproved(
    string MerchantId,
    string TerminalId,
    uint BatchNo,
    uint Stan,
    DateOnly LocalDate,
    DateTime LocalTime,
    long AmountMinor,
    string Currency,
    CardType CardType,
    string CardToken,
    string Rrn,
    string ApprovalCode)
    : TerminalEvent(MerchantId, TerminalId)
{
    public override string RecordId => RecordIds.Sale(MerchantId, TerminalId, BatchNo, Stan, LocalDate);
}
