namespace AcquirerEngine.Domain.Fees;

public enum FeeResult
{
    Calculated = 1,

    /// <summary>The card type is Unspecified: no rate applies, so no fee is guessed.</summary>
    UnknownCardType = 2,

    /// <summary>Fees are computed on gross sale amounts, which are never negative; refunds are handled elsewhere.</summary>
    NegativeAmount = 3,
}
