using System.Globalization;
using System.Text.Json.Serialization;

namespace AcquirerEngine.Domain.Terminals;

/// <summary>
/// A sale's identity within its terminal, the rest of R7 after MID and TID: the key of <see cref="TerminalState.Sales"/>.
/// Held inside the dictionary's entry (12 bytes) instead of as a string per sale (72 bytes, and built on every apply
/// and lookup); written in JSON as the text <see cref="SaleKeys.Of"/> spells ("000001:000123:2026-11-22"), which
/// is what the string keys it replaced wrote, so snapshots read and write the same text.
/// </summary>
[JsonConverter(typeof(SaleKeyJsonConverter))]
public readonly record struct SaleKey(uint BatchNo, uint Stan, DateOnly LocalDate)
{
    /// <summary>Characters of the text: two 6-digit numbers and a yyyy-MM-dd date, colon-separated.</summary>
    public const int TextLength = 24;

    // The longest text any values give: two 10-digit numbers (a uint past six digits, which only a command that skipped
    // validation carries) and a yyyy-MM-dd date, colon-separated.
    private const int MaxTextLength = 32;

    /// <summary>The key's text, the one format of it (<see cref="SaleKeys.Of"/> writes it through here).</summary>
    public override string ToString()
    {
        Span<char> text = stackalloc char[MaxTextLength];
        Invariant.Require(TryFormat(text, out var written), $"sale key {BatchNo}/{Stan} does not fit {MaxTextLength} characters");
        return new string(text[..written]);
    }

    /// <summary>Writes the text of <see cref="ToString"/> into <paramref name="destination"/> without a string.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten) =>
        destination.TryWrite(
            CultureInfo.InvariantCulture,
            $"{BatchNo:D6}:{Stan:D6}:{LocalDate.Year:D4}-{LocalDate.Month:D2}-{LocalDate.Day:D2}",
            out charsWritten);

    /// <summary>Reads the text <see cref="ToString"/> writes; anything else is refused.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out SaleKey key)
    {
        key = default;
        if (text.Length != TextLength || text[6] != ':' || text[13] != ':')
        {
            return false;
        }

        if (!uint.TryParse(text[..6], NumberStyles.None, CultureInfo.InvariantCulture, out var batchNo)
            || !uint.TryParse(text[7..13], NumberStyles.None, CultureInfo.InvariantCulture, out var stan)
            || !DateOnly.TryParseExact(text[14..], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var localDate))
        {
            return false;
        }

        key = new SaleKey(batchNo, stan, localDate);
        return true;
    }
}
