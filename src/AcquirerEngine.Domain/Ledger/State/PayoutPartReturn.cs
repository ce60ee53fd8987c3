namespace AcquirerEngine.Domain.Ledger;

/// <summary>A returned part of a split payout and which transactions got its money back (so a later full return does not restore it twice).</summary>
public sealed class PayoutPartReturn
{
    public string PartId { get; set; } = "";

    public long AmountMinor { get; set; }

    public string Reason { get; set; } = "";

    public List<PayoutAllocation> Restored { get; set; } = [];
}
