namespace AcquirerEngine.Domain.Terminals;

/// <summary>
/// Business limits the decider applies. Unlike validation (malformed input, rejected before any
/// decision), a policy breach is a recorded decline that the terminal prints.
/// </summary>
public sealed record TerminalPolicy
{
    /// <summary>Per-sale limit in minor units; above it the sale is declined. Default 50,000.00 CNY.</summary>
    public long PerSaleLimitMinor { get; init; } = 5_000_000;

    /// <summary>
    /// Seed of the approval-code hash. Approval codes are derived, not random, so that a decision can be
    /// replayed; the seed only varies them between deployments. It is not a secret and gives no security.
    /// </summary>
    public ulong ApprovalCodeSeed { get; init; } = 0x5EED_A11C_E5E7_7E11UL;

    public static TerminalPolicy Default { get; } = new();
}
