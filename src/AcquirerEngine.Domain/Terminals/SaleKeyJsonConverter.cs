using System.Text.Json;
using System.Text.Json.Serialization;

namespace AcquirerEngine.Domain.Terminals;

/// <summary>A <see cref="SaleKey"/> as its text, both as a value and as a dictionary's property name.</summary>
internal sealed class SaleKeyJsonConverter : JsonConverter<SaleKey>
{
    public override SaleKey Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Parse(ref reader);

    public override void Write(Utf8JsonWriter writer, SaleKey value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<char> text = stackalloc char[SaleKey.TextLength];
        writer.WriteStringValue(Format(value, text));
    }

    public override SaleKey ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Parse(ref reader);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, SaleKey value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<char> text = stackalloc char[SaleKey.TextLength];
        writer.WritePropertyName(Format(value, text));
    }

    private static ReadOnlySpan<char> Format(SaleKey value, Span<char> text)
    {
        // Batch and STAN never exceed six digits (the decider refuses larger ones), so the text always fits.
        Invariant.Require(value.TryFormat(text, out var written), $"sale key {value.BatchNo}/{value.Stan} does not fit its text");
        return text[..written];
    }

    private static SaleKey Parse(ref Utf8JsonReader reader)
    {
        var text = reader.GetString();
        return text is not null && SaleKey.TryParse(text, out var key)
            ? key
            : throw new JsonException($"'{text}' is not a sale key (batch:stan:yyyy-MM-dd, e.g. 000001:000123:2026-11-22).");
    }
}
