namespace AcquirerEngine.Domain.Ledger;

public sealed record UnfreezeAccountCommand(string MerchantId, DateTime LocalTime)
    : LedgerCommand(MerchantId);
