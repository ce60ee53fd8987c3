namespace AcquirerEngine.Domain.Terminals;

/// <summary>
/// 0200 proc 200000: cancels an approved sale of the open batch for its full amount (R6).
/// </summary>
/// <param name="VoidStan">The void's own trace number on the terminal.</param>
/// <param name="HostLocalTime">
/// The host's clock in the acquirer's local time zone, read by the caller (the domain never reads a clock).
/// The wire void carries no time of its own, and the void's RRN needs one.
/// </param>
public sealed record VoidCommand(OriginalSaleKey Original, uint VoidStan, long AmountMinor, DateTime HostLocalTime)
    : TerminalCommand(Original.MerchantId, Original.TerminalId);
