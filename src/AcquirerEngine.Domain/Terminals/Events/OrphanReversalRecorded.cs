namespace AcquirerEngine.Domain.Terminals;

/// <summary>
/// A reversal arrived for an original the host never saw (R8). No money moves; the record exists so a
/// repeat is recognised and so a late-arriving original with this identity is declined, not approved.
/// </summary>
/// <param name="LocalDate">The original's local date if the terminal sent one.</param>
public sealed record OrphanReversalRecorded(
    string MerchantId,
    string TerminalId,
    uint BatchNo,
    uint Stan,
    DateOnly? LocalDate)
    : TerminalEvent(MerchantId, TerminalId)
{
    public override string RecordId => RecordIds.OrphanReversal(MerchantId, TerminalId, BatchNo, Stan, LocalDate);
}
