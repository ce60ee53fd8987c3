using System.Globalization;

namespace AcquirerEngine.Cli;

/// <summary>
/// Turns a yuan amount typed by a person ("123.45") into fen. Parsed as text, never through double,
/// so the conversion is exact; more than two decimals is refused rather than rounded, because a
/// silently rounded amount is a wrong amount.
/// </summary>
public static class CnyAmount
{
    // long.MaxValue fen is 92233720368547758.07 yuan: more integer digits always overflow.
    private const int MaxIntegerDigits = 17;

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="error"/> says why.</summary>
    public static bool TryParseMinor(string? text, out long minor, out string error)
    {
        minor = 0;
        error = string.Empty;
        var s = text?.Trim() ?? string.Empty;
        if (s.Length == 0)
        {
            error = "amount is empty";
            return false;
        }

        if (s[0] == '-')
        {
            error = $"amount '{s}' must not be negative";
            return false;
        }

        var dot = s.IndexOf('.', StringComparison.Ordinal);
        var integer = dot < 0 ? s : s[..dot];
        var fraction = dot < 0 ? string.Empty : s[(dot + 1)..];
        if (integer.Length == 0 || !integer.All(char.IsAsciiDigit) || (dot >= 0 && fraction.Length == 0) || !fraction.All(char.IsAsciiDigit))
        {
            error = $"amount '{s}' is not a decimal number like 123.45";
            return false;
        }

        if (fraction.Length > 2)
        {
            error = $"amount '{s}' has more than 2 decimals (CNY has fen only); use --amount-minor for minor units";
            return false;
        }

        if (integer.TrimStart('0').Length > MaxIntegerDigits)
        {
            error = $"amount '{s}' is too large";
            return false;
        }

        var yuan = long.Parse(integer, NumberStyles.None, CultureInfo.InvariantCulture);
        var fen = fraction.Length == 0 ? 0 : long.Parse(fraction.PadRight(2, '0'), NumberStyles.None, CultureInfo.InvariantCulture);
        try
        {
            minor = checked((yuan * 100) + fen);
            return true;
        }
        catch (OverflowException)
        {
            error = $"amount '{s}' is too large";
            return false;
        }
    }

    /// <summary>Formats fen as yuan with two decimals ("12345" -> "123.45").</summary>
    public static string FormatMinor(long minor)
    {
        var sign = minor < 0 ? "-" : string.Empty;
        var abs = minor < 0 ? -(decimal)minor : minor;
        return sign + (abs / 100m).ToString("0.00", CultureInfo.InvariantCulture);
    }
}
