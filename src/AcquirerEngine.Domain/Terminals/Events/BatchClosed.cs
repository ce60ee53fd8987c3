namespace AcquirerEngine.Domain.Terminals;

/// <summary>
/// The open batch closed: by a balanced 0500, or by a 0320 reconciliation (<see cref="ByUpload"/>). Every
/// entry of the batch is now settled (no more voids or reversals, only refunds), and
/// <see cref="NextBatchNo"/> is open from <see cref="CloseLocalTime"/> on.
/// </summary>
/// <param name="BatchOrdinal">Which batch instance closed (1, 2, ...): names the record, since batch numbers wrap.</param>
/// <param name="HostTotals">The totals that settle. After an upload these are the reconciled totals: the host's.</param>
/// <param name="TerminalTotals">What the terminal declared in the 0500 that closed or failed to close the batch.</param>
/// <param name="Discrepancies">The reconciliation report; empty for a balanced close.</param>
public sealed record BatchClosed(
    string MerchantId,
    string TerminalId,
    uint BatchNo,
    uint NextBatchNo,
    long BatchOrdinal,
    DateTime CloseLocalTime,
    BatchSettlementTotals HostTotals,
    BatchSettlementTotals TerminalTotals,
    bool ByUpload,
    IReadOnlyList<BatchDiscrepancy> Discrepancies)
    : TerminalEvent(MerchantId, TerminalId)
{
    public override string RecordId => RecordIds.BatchClosed(MerchantId, TerminalId, BatchNo, BatchOrdinal);

    /// <summary>Hand-written because a list compares by reference; a journal read back must equal the one written.</summary>
    public bool Equals(BatchClosed? other) =>
        other is not null
        && base.Equals(other)
        && BatchNo == other.BatchNo
        && NextBatchNo == other.NextBatchNo
        && BatchOrdinal == other.BatchOrdinal
        && CloseLocalTime == other.CloseLocalTime
        && HostTotals == other.HostTotals
        && TerminalTotals == other.TerminalTotals
        && ByUpload == other.ByUpload
        && Discrepancies.SequenceEqual(other.Discrepancies);

    public override int GetHashCode() =>
        HashCode.Combine(base.GetHashCode(), BatchNo, BatchOrdinal, CloseLocalTime, HostTotals, ByUpload, Discrepancies.Count);
}
