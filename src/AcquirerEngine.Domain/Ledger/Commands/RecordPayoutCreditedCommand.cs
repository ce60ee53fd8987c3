namespace AcquirerEngine.Domain.Ledger;

/// <summary>The beneficiary bank confirmed the credit.</summary>
public sealed record RecordPayoutCreditedCommand(string MerchantId, string PayoutId, DateTime LocalTime)
    : LedgerCommand(MerchantId);
