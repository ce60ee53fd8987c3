namespace AcquirerEngine.Domain.Ledger;

/// <summary>Operator puts a transaction's unpaid funds on hold (the hold id is the transaction id).</summary>
public sealed record PlaceHoldCommand(string MerchantId, string TransactionId, string Reason, DateTime LocalTime)
    : LedgerCommand(MerchantId);
