namespace AcquirerEngine.Domain.Ledger;

/// <summary>Operator refuses held funds on review: they go back to the cardholder.</summary>
public sealed record RejectHoldCommand(string MerchantId, string TransactionId, string Reason, DateTime LocalTime)
    : LedgerCommand(MerchantId);
