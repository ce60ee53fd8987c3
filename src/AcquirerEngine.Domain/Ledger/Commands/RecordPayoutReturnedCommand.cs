namespace AcquirerEngine.Domain.Ledger;

/// <summary>The payout failed or came back (account frozen, closed, name mismatch): its money returns to the merchant's balance.</summary>
public sealed record RecordPayoutReturnedCommand(string MerchantId, string PayoutId, string Reason, DateTime LocalTime)
    : LedgerCommand(MerchantId);
