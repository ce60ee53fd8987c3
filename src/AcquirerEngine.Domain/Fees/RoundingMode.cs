namespace AcquirerEngine.Domain.Fees;

/// <summary>How a fee that falls between two minor units is rounded; the merchant contract names one (R10).</summary>
public enum RoundingMode
{
    /// <summary>Exact halves go to the even minor unit (banker's rounding): no drift over many fees.</summary>
    HalfEven = 1,

    /// <summary>Exact halves go up (away from zero; fees are never negative).</summary>
    HalfUp = 2,
}
