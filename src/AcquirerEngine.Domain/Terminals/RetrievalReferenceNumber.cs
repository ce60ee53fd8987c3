using System.Globalization;

namespace AcquirerEngine.Domain.Terminals;

/// <summary>
/// RRN, ISO 8583 field 37: 12 digits. Common practice, followed here: last digit of the year,
/// 3-digit day of the year, 2-digit hour, 6-digit STAN ("YDDDHHNNNNNN"). Deterministic, so a retried
/// or replayed decision produces the same RRN.
/// </summary>
public static class RetrievalReferenceNumber
{
    public const int Length = 12;

    public static string From(DateTime localTime, uint stan)
    {
        Invariant.Require(stan is >= 1 and <= 999_999, $"stan {stan} outside 1..999999");
        Span<char> rrn = stackalloc char[Length];
        Invariant.Require(TryFormat(rrn, localTime, stan), $"rrn of {localTime:O} and stan {stan} is not {Length} digits");
        return new string(rrn);
    }

    /// <summary>
    /// True when <paramref name="rrn"/> is exactly what <see cref="From"/> gives for this time and STAN (false for a STAN
    /// outside 1..999999), compared without making the derived string: asked on every sale the terminal applies.
    /// </summary>
    public static bool IsDerived(string rrn, DateTime localTime, uint stan)
    {
        ArgumentNullException.ThrowIfNull(rrn);
        Span<char> derived = stackalloc char[Length];
        return stan is >= 1 and <= 999_999
            && rrn.Length == Length
            && TryFormat(derived, localTime, stan)
            && rrn.AsSpan().SequenceEqual(derived);
    }

    /// <summary>Writes the RRN into exactly <see cref="Length"/> characters; false if it does not fill them.</summary>
    private static bool TryFormat(Span<char> destination, DateTime localTime, uint stan) =>
        destination.TryWrite(
            CultureInfo.InvariantCulture,
            $"{localTime.Year % 10}{localTime.DayOfYear:D3}{localTime.Hour:D2}{stan:D6}",
            out var written)
        && written == Length;
}
