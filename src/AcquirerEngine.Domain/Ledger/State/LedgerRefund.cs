namespace AcquirerEngine.Domain.Ledger;

/// <summary>A refund as recorded, kept to recognise a repeat of its refund id.</summary>
public sealed class LedgerRefund
{
    public string RefundId { get; set; } = "";

    public string OriginalTransactionId { get; set; } = "";

    public long AmountMinor { get; set; }

    public long CarriedMinor { get; set; }

    public DateTime LocalTime { get; set; }
}
