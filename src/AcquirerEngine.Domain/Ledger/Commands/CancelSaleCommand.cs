namespace AcquirerEngine.Domain.Ledger;

/// <summary>A void or reversal of a captured sale, as recorded by the terminal.</summary>
public sealed record CancelSaleCommand(
    string MerchantId,
    string TransactionId,
    CancelKind Kind,
    DateTime LocalTime)
    : LedgerCommand(MerchantId);
