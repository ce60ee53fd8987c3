namespace AcquirerEngine.Domain.Terminals;

/// <summary>
/// A sale was declined. Recorded like an approval (same record id space) so a retry gets the same
/// decline instead of a fresh decision that could differ.
/// </summary>
public sealed record SaleDeclined(
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
    SaleDeclineReason Reason,
    string ReasonText)
    : TerminalEvent(MerchantId, TerminalId)
{
    public override string RecordId => RecordIds.Sale(MerchantId, TerminalId, BatchNo, Stan, LocalDate);
}
