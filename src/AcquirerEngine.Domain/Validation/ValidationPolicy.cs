using AcquirerEngine.Domain.Money;

namespace AcquirerEngine.Domain.Validation;

/// <summary>Acquirer configuration that decides what input is well-formed.</summary>
public sealed record ValidationPolicy
{
    /// <summary>
    /// ISO 8583 field 4 holds 12 digits, so no terminal can express more than this many minor units.
    /// </summary>
    public const long WireMaximumAmountMinor = 999_999_999_999;

    /// <summary>Currencies the acquirer settles; default CNY only.</summary>
    public AcceptedCurrencies AcceptedCurrencies { get; init; } = AcceptedCurrencies.Default;

    /// <summary>
    /// Largest amount_minor that is well-formed at all. Business limits (which decline, and are recorded)
    /// live in the terminal policy; this one rejects the request as invalid.
    /// </summary>
    public long MaxAmountMinor { get; init; } = WireMaximumAmountMinor;

    public static ValidationPolicy Default { get; } = new();
}
