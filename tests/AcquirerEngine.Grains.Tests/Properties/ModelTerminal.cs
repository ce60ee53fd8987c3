using AcquirerEngine.Domain.Terminals;

namespace AcquirerEngine.Grains.Tests.Properties;

/// <summary>A terminal as the test drives it: open batch, next trace number, its sales and the open batch's refunds.</summary>
public sealed class ModelTerminal(string merchantId, string terminalId)
{
    public string MerchantId { get; } = merchantId;

    public string TerminalId { get; } = terminalId;

    public uint CurrentBatch { get; set; } = 1;

    public List<ModelSale> Sales { get; } = [];

    public int BatchRefundCount { get; set; }

    public long BatchRefundMinor { get; set; }

    private uint _nextStan = 1;

    public uint NextStan() => _nextStan++;

    /// <summary>What a 0500 for the open batch must carry to balance: standing sales and refunds made in the batch.</summary>
    public BatchSettlementTotals OpenBatchTotals()
    {
        var standing = OpenBatchStandingSales().ToList();
        return new BatchSettlementTotals(standing.Count, standing.Sum(s => s.Command.AmountMinor), BatchRefundCount, BatchRefundMinor);
    }

    public IEnumerable<ModelSale> OpenBatchStandingSales() => Sales.Where(s => s.Command.BatchNo == CurrentBatch && !s.Cancelled);

    public void CloseBatch(uint nextBatch)
    {
        CurrentBatch = nextBatch;
        BatchRefundCount = 0;
        BatchRefundMinor = 0;
    }
}
