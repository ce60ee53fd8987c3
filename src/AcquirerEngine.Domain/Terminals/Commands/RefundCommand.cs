namespace AcquirerEngine.Domain.Terminals;

/// <summary>
/// 0220: returns part or all of a settled sale (R6). The refund is itself a transaction of the terminal's
/// open batch, with its own identity (<see cref="BatchNo"/>, <see cref="Stan"/>, local date of
/// <see cref="LocalTime"/>); the body is the original key, the amount and the local time.
/// </summary>
/// <param name="LocalTime">Terminal's local date-time of the refund, <see cref="DateTimeKind.Unspecified"/>.</param>
public sealed record RefundCommand(
    OriginalSaleKey Original,
    uint BatchNo,
    uint Stan,
    long AmountMinor,
    DateTime LocalTime)
    : TerminalCommand(Original.MerchantId, Original.TerminalId)
{
    public DateOnly LocalDate => DateOnly.FromDateTime(LocalTime);
}
