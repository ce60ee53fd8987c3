using AcquirerEngine.Domain.Risk;

namespace AcquirerEngine.Domain.Ledger;

/// <summary>Ledger-wide settings. Limits come from secondary sources (unverified), so they are data.</summary>
public sealed record LedgerPolicy
{
    /// <summary>Class II personal account inbound limit per settlement run (one run a day). Default 10,000.00 CNY (unverified).</summary>
    public long ClassIIDailyInboundLimitMinor { get; init; } = 1_000_000;

    public RiskPolicy Risk { get; init; } = RiskPolicy.Default;

    public static LedgerPolicy Default { get; } = new();
}
