namespace AcquirerEngine.Domain.Fees;

/// <summary>
/// Published rate tables as data (SETTLEMENT-RULES.md, Fees). The brief gives no publication dates, so
/// <see cref="PricingPlan.AsOf"/> is the date the figures were transcribed into the engine; merchant
/// contracts override these plans, these are defaults and references.
/// </summary>
public static class RateTables
{
    private static readonly DateOnly TranscribedOn = new(2026, 11, 22);

    /// <summary>Standard: credit 0.6%, debit 0.5% capped at 20.00 CNY (the brief says 17-20 by bank; 20 chosen).</summary>
    public static PricingPlan Standard { get; } = new()
    {
        Name = "Standard",
        CreditRatePpm = 6_000,
        DebitRatePpm = 5_000,
        DebitCapMinor = 2_000,
        CreditCapMinor = null,
        Rounding = RoundingMode.HalfEven,
        AsOf = TranscribedOn,
        Unverified = false,
        SourceNote = "Standard published MDR: 0.6% credit; debit 0.5% capped at 17-20 CNY (bank dependent), 20 CNY used",
    };

    /// <summary>Postal Savings Bank of China: debit 0.5% capped at 17.00 CNY, credit 0.55%. Unverified.</summary>
    public static PricingPlan Psbc { get; } = new()
    {
        Name = "PSBC",
        CreditRatePpm = 5_500,
        DebitRatePpm = 5_000,
        DebitCapMinor = 1_700,
        CreditCapMinor = null,
        Rounding = RoundingMode.HalfEven,
        AsOf = TranscribedOn,
        Unverified = true,
        SourceNote = "PSBC: debit 0.5% capped at 17 CNY, credit 0.55% (secondary source, unverified)",
    };

    public static IReadOnlyList<PricingPlan> All { get; } = [Standard, Psbc];
}
