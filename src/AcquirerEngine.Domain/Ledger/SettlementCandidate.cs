namespace AcquirerEngine.Domain.Ledger;

/// <summary>Money a run may pay from one bucket of one transaction; limits shrink <see cref="AmountMinor"/>.</summary>
internal sealed class SettlementCandidate(string transactionId, FundsSource source, long amountMinor, bool sameDay)
{
    public string TransactionId { get; } = transactionId;

    public FundsSource Source { get; } = source;

    public long AmountMinor { get; set; } = amountMinor;

    /// <summary>Same-day (T0/D0) money subject to the merchant's quota.</summary>
    public bool SameDay { get; } = sameDay;
}
