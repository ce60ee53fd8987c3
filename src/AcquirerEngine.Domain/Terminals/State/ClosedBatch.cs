namespace AcquirerEngine.Domain.Terminals;

/// <summary>What the host remembers of a closed batch: enough to answer a repeated 0500 or 0320 exactly as the first time.</summary>
public sealed class ClosedBatch
{
    public uint BatchNo { get; set; }

    public uint NextBatchNo { get; set; }

    public long BatchOrdinal { get; set; }

    public DateTime ClosedAt { get; set; }

    public BatchSettlementTotals HostTotals { get; set; } = BatchSettlementTotals.Zero;

    public BatchSettlementTotals TerminalTotals { get; set; } = BatchSettlementTotals.Zero;

    public bool ByUpload { get; set; }

    public List<BatchDiscrepancy> Discrepancies { get; set; } = [];
}
