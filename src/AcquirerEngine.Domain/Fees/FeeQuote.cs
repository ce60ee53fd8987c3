using AcquirerEngine.Domain.Terminals;

namespace AcquirerEngine.Domain.Fees;

/// <summary>
/// The fee on one gross amount and the merchant's net. <see cref="UncappedFeeMinor"/> is kept so an
/// explanation can say "capped at 20.00 CNY (would have been 50.00)".
/// </summary>
public sealed record FeeQuote(
    FeeResult Result,
    long GrossMinor,
    CardType CardType,
    long FeeMinor,
    long UncappedFeeMinor,
    bool Capped,
    long RatePpm)
{
    /// <summary>R10: net = gross - fee.</summary>
    public long NetMinor => GrossMinor - FeeMinor;
}
