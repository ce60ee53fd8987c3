namespace AcquirerEngine.Domain.Ledger;

/// <summary>A part (<paramref name="PartId"/>, "&lt;payoutId&gt;/n") of a split payout was returned by the bank.</summary>
public sealed record RecordPayoutPartReturnedCommand(
    string MerchantId, string PayoutId, string PartId, long AmountMinor, string Reason, DateTime LocalTime)
    : LedgerCommand(MerchantId);
