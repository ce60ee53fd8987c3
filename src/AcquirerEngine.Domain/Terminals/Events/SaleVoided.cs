namespace AcquirerEngine.Domain.Terminals;

/// <summary>An approved sale of the open batch was voided for its full amount; it will not be cleared.</summary>
public sealed record SaleVoided(
    string MerchantId,
    string TerminalId,
    uint BatchNo,
    uint Stan,
    DateOnly LocalDate,
    long AmountMinor,
    uint VoidStan,
    string VoidRrn)
    : TerminalEvent(MerchantId, TerminalId)
{
    public override string RecordId => RecordIds.Void(MerchantId, TerminalId, BatchNo, Stan, LocalDate);
}
