namespace AcquirerEngine.Domain.Terminals;

/// <summary>An approved sale was reversed (0400): the debit is undone.</summary>
public sealed record SaleReversed(
    string MerchantId,
    string TerminalId,
    uint BatchNo,
    uint Stan,
    DateOnly LocalDate,
    long AmountMinor)
    : TerminalEvent(MerchantId, TerminalId)
{
    public override string RecordId => RecordIds.Reversal(MerchantId, TerminalId, BatchNo, Stan, LocalDate);
}
