namespace AcquirerEngine.Domain.Ledger;

/// <summary>A run that happened: its date, result and payout (if any).</summary>
public sealed class SettlementRunRecord
{
    public DateOnly RunDate { get; set; }

    public DateTime LocalTime { get; set; }

    public SettleResult Result { get; set; }

    public string? PayoutId { get; set; }
}
