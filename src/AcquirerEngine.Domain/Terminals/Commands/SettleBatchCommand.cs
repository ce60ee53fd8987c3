namespace AcquirerEngine.Domain.Terminals;

/// <summary>0500: the terminal's totals for a batch, compared with the host's (R9).</summary>
/// <param name="HostLocalTime">
/// The host clock in the acquirer's time zone, read by the caller: the wire 0500 carries no time, and the
/// close time starts the next batch's age (see <see cref="TerminalQueries.OpenBatchAge"/>).
/// </param>
public sealed record SettleBatchCommand(
    string MerchantId,
    string TerminalId,
    uint BatchNo,
    BatchSettlementTotals TerminalTotals,
    DateTime HostLocalTime)
    : TerminalCommand(MerchantId, TerminalId);
