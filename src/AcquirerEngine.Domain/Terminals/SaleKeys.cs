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

    /// <summary>The text of <see cref="SaleKey"/> (batch:stan:yyyy-MM-dd), which a terminal's sales are keyed by.</summary>
    public static string Of(uint batchNo, uint stan, DateOnly localDate) => new SaleKey(batchNo, stan, localDate).ToString();

    public static string OfOrphan(uint batchNo, uint stan, DateOnly? localDate) =>
        localDate is { } date
            ? Of(batchNo, stan, date)
            : string.Create(CultureInfo.InvariantCulture, $"{batchNo:D6}:{stan:D6}:{AnyDate}");

    /// <summary>Key of a closed batch: its 6-digit number.</summary>
    public static string OfBatch(uint batchNo) =>
        string.Create(CultureInfo.InvariantCulture, $"{batchNo:D6}");
}
