namespace AcquirerEngine.Domain.Ledger;

/// <summary>R5: operator releases a hold; the funds join the next settlement run.</summary>
public sealed record ReleaseHoldCommand(string MerchantId, string TransactionId, DateTime LocalTime)
    : LedgerCommand(MerchantId);
