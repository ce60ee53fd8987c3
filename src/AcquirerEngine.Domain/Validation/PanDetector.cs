namespace AcquirerEngine.Domain.Validation;

/// <summary>
/// Recognises a raw card number (PAN) so it is refused before it can reach a journal: storing PANs would
/// put the engine in PCI DSS scope. A PAN is 13-19 digits (ISO/IEC 7812), often written with spaces or
/// dashes, and its last digit is a Luhn check digit. Tokens that happen to be digits are expected to fail
/// Luhn (format-preserving token schemes do this on purpose), so they pass.
/// </summary>
public static class PanDetector
{
    public const int MinimumPanDigits = 13;
    public const int MaximumPanDigits = 19;

    public static bool LooksLikePan(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Span<int> digits = stackalloc int[MaximumPanDigits];
        var count = 0;
        foreach (var c in value)
        {
            if (c is ' ' or '-')
            {
                continue;
            }

            if (c is < '0' or > '9' || count == MaximumPanDigits)
            {
                return false;
            }

            digits[count++] = c - '0';
        }

        return count >= MinimumPanDigits && PassesLuhn(digits[..count]);
    }

    /// <summary>Luhn mod 10: double every second digit from the right, sum the digits, total divisible by 10.</summary>
    public static bool PassesLuhn(ReadOnlySpan<int> digits)
    {
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i];
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return digits.Length > 0 && sum % 10 == 0;
    }
}
