namespace AcquirerEngine.Domain.Ledger;

/// <summary>The bank channel sent the payout; <paramref name="TraceId"/> is the rail's reference.</summary>
public sealed record RecordPayoutSentCommand(string MerchantId, string PayoutId, string Channel, string TraceId, DateTime LocalTime)
    : LedgerCommand(MerchantId);
