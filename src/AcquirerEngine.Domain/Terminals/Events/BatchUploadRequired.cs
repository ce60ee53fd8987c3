namespace AcquirerEngine.Domain.Terminals;

/// <summary>
/// A 0500 for the open batch did not match the host (R9): the batch stays open until a 0320 reconciles it.
/// Recorded once per batch (later mismatching 0500s are answered without a new record), so operators can
/// see which terminals disagreed and with what totals.
/// </summary>
/// <param name="BatchOrdinal">Which batch instance this is (closed batches + 1): batch numbers wrap, ordinals do not.</param>
public sealed record BatchUploadRequired(
    string MerchantId,
    string TerminalId,
    uint BatchNo,
    long BatchOrdinal,
    BatchSettlementTotals TerminalTotals,
    BatchSettlementTotals HostTotals,
    DateTime HostLocalTime)
    : TerminalEvent(MerchantId, TerminalId)
{
    public override string RecordId => RecordIds.BatchUploadRequired(MerchantId, TerminalId, BatchNo, BatchOrdinal);
}
