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
        var rrn = string.Create(
            CultureInfo.InvariantCulture,
            $"{localTime.Year % 10}{localTime.DayOfYear:D3}{localTime.Hour:D2}{stan:D6}");
        Invariant.Require(rrn.Length == Length, $"rrn '{rrn}' is not {Length} digits");
        return rrn;
    }
}
