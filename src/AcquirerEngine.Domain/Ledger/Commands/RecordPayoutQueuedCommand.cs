namespace AcquirerEngine.Domain.Ledger;

/// <summary>The bank channel could not send yet (closed rail, maintenance window) and queued the payout.</summary>
public sealed record RecordPayoutQueuedCommand(string MerchantId, string PayoutId, string Channel, string Reason, DateTime LocalTime)
    : LedgerCommand(MerchantId);
