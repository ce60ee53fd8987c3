namespace AcquirerEngine.Domain.Ledger;

/// <summary>Sets (or changes) the settlement account; a ledger takes no money before it has one.</summary>
/// <param name="Cycle">The contracted cycle's name ("T1", "D1", "T0", "D0", ...), for display: the value dates
/// computed outside already apply it.</param>
/// <param name="SameDayQuotaMinor">T0/D0 quota per run for same-day money (value date = clearing date); null means none.</param>
public sealed record ConfigureAccountCommand(
    string MerchantId,
    AccountType AccountType,
    AccountDestination Destination,
    string Cycle,
    long? SameDayQuotaMinor)
    : LedgerCommand(MerchantId);
