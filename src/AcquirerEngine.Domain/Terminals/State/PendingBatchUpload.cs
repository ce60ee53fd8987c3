namespace AcquirerEngine.Domain.Terminals;

/// <summary>The open batch failed a 0500 (R9) and waits for a 0320; kept from the first BatchUploadRequired.</summary>
public sealed class PendingBatchUpload
{
    public uint BatchNo { get; set; }

    public BatchSettlementTotals TerminalTotals { get; set; } = BatchSettlementTotals.Zero;

    public BatchSettlementTotals HostTotals { get; set; } = BatchSettlementTotals.Zero;

    public DateTime RequiredAt { get; set; }
}
