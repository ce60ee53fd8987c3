namespace AcquirerEngine.Domain.Money;

/// <summary>
/// An ISO 4217 currency. Amounts are always carried as integer minor units (long);
/// <see cref="MinorUnitExponent"/> says how many minor units make one major unit (CNY 2: 100 fen = 1 yuan).
/// </summary>
/// <param name="AlphabeticCode">Three upper-case letters, e.g. "CNY".</param>
/// <param name="NumericCode">ISO 4217 numeric code, e.g. 156 for CNY (ISO 8583 field 49 carries this).</param>
/// <param name="MinorUnitExponent">Number of decimal places of the minor unit (JPY 0, CNY 2, KWD 3).</param>
public sealed record Currency(string AlphabeticCode, int NumericCode, int MinorUnitExponent)
{
    /// <summary>Minor units per major unit: 10^exponent.</summary>
    public long MinorUnitsPerMajorUnit
    {
        get
        {
            long factor = 1;
            for (var i = 0; i < MinorUnitExponent; i++)
            {
                factor *= 10;
            }

            return factor;
        }
    }

    public override string ToString() => AlphabeticCode;
}
