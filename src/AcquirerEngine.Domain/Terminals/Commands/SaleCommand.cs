using AcquirerEngine.Domain.Money;

namespace AcquirerEngine.Domain.Terminals;

/// <summary>
/// 0200 proc 000000. Identity (R7) = (MerchantId, TerminalId, BatchNo, Stan, LocalDate); the body is
/// everything else the terminal sent, and a retry must repeat it exactly.
/// </summary>
/// <param name="LocalTime">Terminal's local date-time, <see cref="DateTimeKind.Unspecified"/>: it has no offset on the wire.</param>
public sealed record SaleCommand(
    string MerchantId,
    string TerminalId,
    uint BatchNo,
    uint Stan,
    long AmountMinor,
    Currency Currency,
    CardType CardType,
    string CardToken,
    DateTime LocalTime)
    : TerminalCommand(MerchantId, TerminalId)
{
    public DateOnly LocalDate => DateOnly.FromDateTime(LocalTime);
}
