namespace AcquirerEngine.Domain.Fees;

/// <summary>
/// A merchant's (or a published table's) MDR pricing, kept as data (R10). Rates are integers in parts per
/// million of the amount, i.e. hundredths of a basis point: 0.6% = 60 bp = 6,000 ppm, and a fractional
/// rate such as 0.385% = 3,850 ppm stays exact. Caps are per transaction in minor units; null = no cap.
/// </summary>
public sealed record PricingPlan
{
    /// <summary>One whole amount, in ppm; a rate above it would charge more than the sale.</summary>
    public const long FullAmountPpm = 1_000_000;

    public string Name { get; init; } = "";

    public long CreditRatePpm { get; init; }

    public long DebitRatePpm { get; init; }

    /// <summary>Per-transaction debit cap (封顶) in minor units; null = uncapped.</summary>
    public long? DebitCapMinor { get; init; }

    /// <summary>Per-transaction credit cap; usually none, some contracts have one.</summary>
    public long? CreditCapMinor { get; init; }

    public RoundingMode Rounding { get; init; } = RoundingMode.HalfEven;

    /// <summary>The date the figures apply from or were recorded, so a fee can be traced to its table.</summary>
    public DateOnly AsOf { get; init; }

    /// <summary>True when the figures come from secondary sources and must be confirmed before production.</summary>
    public bool Unverified { get; init; }

    public string SourceNote { get; init; } = "";

    /// <summary>Whether the plan can be used for arithmetic; a broken plan is a configuration bug.</summary>
    public bool IsValid =>
        CreditRatePpm is >= 0 and <= FullAmountPpm
        && DebitRatePpm is >= 0 and <= FullAmountPpm
        && DebitCapMinor is null or >= 0
        && CreditCapMinor is null or >= 0
        && Enum.IsDefined(Rounding);
}
