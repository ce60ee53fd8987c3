namespace AcquirerEngine.Domain.Ledger;

/// <summary>The merchant's settlement account as configured (version counts configurations).</summary>
public sealed class SettlementAccount
{
    public int Version { get; set; }

    public AccountType AccountType { get; set; }

    public AccountDestination Destination { get; set; }

    /// <summary>The cycle's name, as configured (the Settlement folder owns the enum and the value dates).</summary>
    public string Cycle { get; set; } = "";

    public long? SameDayQuotaMinor { get; set; }
}
