namespace AcquirerEngine.Domain.Terminals;

/// <param name="Balanced">Wire balanced: the batch closed on equal totals (now, or earlier for AlreadyClosed).</param>
/// <param name="UploadRequired">Wire upload_required: the batch is open and a 0320 is expected.</param>
/// <param name="HostTotals">The host's totals (stored ones for AlreadyClosed); null for rejections.</param>
/// <param name="NextBatchNo">
/// The batch the terminal must use next: the new batch after a close, the still-open batch otherwise;
/// 0 for NotRegistered and MerchantMismatch.
/// </param>
public sealed record SettleBatchOutcome(
    SettleBatchResult Result,
    bool Balanced,
    bool UploadRequired,
    BatchSettlementTotals? HostTotals,
    uint NextBatchNo,
    IReadOnlyList<TerminalEvent> Events)
    : TerminalOutcome(Events);
