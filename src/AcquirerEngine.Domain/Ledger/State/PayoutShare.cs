namespace AcquirerEngine.Domain.Ledger;

/// <summary>A transaction's share of one payout (signed: negative for a carried refund deducted).</summary>
public sealed class PayoutShare
{
    public string PayoutId { get; set; } = "";

    public long AmountMinor { get; set; }
}
