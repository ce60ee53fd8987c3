namespace AcquirerEngine.Domain.Ledger;

/// <summary>Stops payouts to the settlement account (court order, risk, bank notice); money stays in the ledger.</summary>
public sealed record FreezeAccountCommand(string MerchantId, string Reason, DateTime LocalTime)
    : LedgerCommand(MerchantId);
