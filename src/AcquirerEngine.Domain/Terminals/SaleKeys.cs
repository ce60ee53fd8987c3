using System.Globalization;

namespace AcquirerEngine.Domain.Terminals;

/// <summary>
/// Dictionary keys of a terminal's state. MID and TID are the same for every entry of one terminal,
/// so the key is the rest of the R7 identity: (batch, STAN, local date).
/// </summary>
public static class SaleKeys
{
    /// <summary>Placeholder for an orphan reversal that did not name the original's local date.</summary>
    public const string AnyDate = "any-date";

    /// <remarks>The date is written as its numbers ("yyyy-MM-dd", the same text): a DateOnly with a custom format is boxed per call.</remarks>
    public static string Of(uint batchNo, uint stan, DateOnly localDate) =>
        string.Create(CultureInfo.InvariantCulture, $"{batchNo:D6}:{stan:D6}:{localDate.Year:D4}-{localDate.Month:D2}-{localDate.Day:D2}");

    public static string OfOrphan(uint batchNo, uint stan, DateOnly? localDate) =>
        localDate is { } date
            ? Of(batchNo, stan, date)
            : string.Create(CultureInfo.InvariantCulture, $"{batchNo:D6}:{stan:D6}:{AnyDate}");

    /// <summary>Key of a closed batch: its 6-digit number.</summary>
    public static string OfBatch(uint batchNo) =>
        string.Create(CultureInfo.InvariantCulture, $"{batchNo:D6}");
}
