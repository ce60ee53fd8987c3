namespace AcquirerEngine.Domain.Terminals;

/// <param name="HostTotals">The reconciled (host) totals the batch closed with; null when it did not close.</param>
/// <param name="NextBatchNo">The batch to use next (the open one when nothing closed); 0 for caller rejections.</param>
/// <param name="Discrepancies">The reconciliation report of the close (stored one for AlreadyClosed); empty otherwise.</param>
public sealed record UploadBatchOutcome(
    UploadBatchResult Result,
    BatchSettlementTotals? HostTotals,
    uint NextBatchNo,
    IReadOnlyList<BatchDiscrepancy> Discrepancies,
    IReadOnlyList<TerminalEvent> Events)
    : TerminalOutcome(Events)
{
    /// <summary>Wire closed: the batch is closed after this call (now or before).</summary>
    public bool IsClosed => Result is UploadBatchResult.Closed or UploadBatchResult.AlreadyClosed;
}
