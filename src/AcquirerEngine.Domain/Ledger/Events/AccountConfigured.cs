namespace AcquirerEngine.Domain.Ledger;

/// <summary>Version <see cref="Version"/> of the settlement account configuration (1, 2, ...).</summary>
public sealed record AccountConfigured(
    string MerchantId,
    int Version,
    AccountType AccountType,
    AccountDestination Destination,
    string Cycle,
    long? SameDayQuotaMinor)
    : LedgerEvent(MerchantId)
{
    public override string RecordId => LedgerRecordIds.Account(MerchantId, Version);
}
