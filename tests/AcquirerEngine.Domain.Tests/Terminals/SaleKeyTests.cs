using System.Text.Json;
using AcquirerEngine.Domain.Terminals;

namespace AcquirerEngine.Domain.Tests.Terminals;

/// <summary>
/// A terminal's sale key is held as numbers and written as the text the string keys had, so stored snapshots read
/// back and write the same JSON; text that is not such a key is refused, never read as another sale.
/// </summary>
public sealed class SaleKeyTests
{
    [Theory]
    [InlineData(1u, 1u, 2026, 1, 1)]
    [InlineData(999_999u, 999_999u, 2099, 12, 31)]
    [InlineData(42u, 123u, 2026, 11, 22)]
    public void A_key_writes_the_text_of_the_string_keys_and_reads_it_back(uint batchNo, uint stan, int year, int month, int day)
    {
        var key = new SaleKey(batchNo, stan, new DateOnly(year, month, day));
        var text = SaleKeys.Of(batchNo, stan, key.LocalDate);

        Assert.Equal(text, key.ToString());
        Span<char> buffer = stackalloc char[SaleKey.TextLength];
        Assert.True(key.TryFormat(buffer, out var written));
        Assert.Equal(text, buffer[..written].ToString());
        Assert.True(SaleKey.TryParse(text, out var parsed));
        Assert.Equal(key, parsed);
    }

    [Theory]
    [InlineData(42u, 123u, 2026, 11, 22, "000042:000123:2026-11-22")]
    [InlineData(uint.MaxValue, uint.MaxValue, 9999, 12, 31, "4294967295:4294967295:9999-12-31")]
    public void The_text_is_six_digit_numbers_and_the_date_and_never_cut_short(uint batchNo, uint stan, int year, int month, int day, string expected)
    {
        // Beyond six digits only a command that skipped validation carries; its key is still written whole, never cut.
        Assert.Equal(expected, SaleKeys.Of(batchNo, stan, new DateOnly(year, month, day)));
        Assert.Equal(expected, new SaleKey(batchNo, stan, new DateOnly(year, month, day)).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("000001:000123:2026-11-2")]
    [InlineData("000001-000123-2026-11-22")]
    [InlineData("00000x:000123:2026-11-22")]
    [InlineData("+00001:000123:2026-11-22")]
    [InlineData("000001:000123:2026-13-22")]
    [InlineData("000001:000123:any-date!!")]
    public void Text_that_is_not_a_sale_key_is_refused(string text) => Assert.False(SaleKey.TryParse(text, out _));

    [Fact]
    public void A_dictionary_of_sales_writes_the_same_json_as_one_keyed_by_text()
    {
        var date = new DateOnly(2026, 9, 30);
        var byKey = new Dictionary<SaleKey, int> { [new SaleKey(1, 2, date)] = 10, [new SaleKey(1, 3, date)] = 20 };
        var byText = new Dictionary<string, int> { [SaleKeys.Of(1, 2, date)] = 10, [SaleKeys.Of(1, 3, date)] = 20 };

        var json = JsonSerializer.Serialize(byKey);

        Assert.Equal(JsonSerializer.Serialize(byText), json);
        Assert.Equal(byKey, JsonSerializer.Deserialize<Dictionary<SaleKey, int>>(json));
        Assert.Equal("\"000001:000002:2026-09-30\"", JsonSerializer.Serialize(new SaleKey(1, 2, date)));
    }

    [Fact]
    public void A_snapshot_whose_sale_key_is_not_one_is_refused_naming_it()
    {
        var json = """{"Sales":{"batch-one:2":{"BatchNo":1,"Stan":2}}}""";

        var refused = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<TerminalState>(json));

        Assert.Contains("'batch-one:2' is not a sale key", refused.Message, StringComparison.Ordinal);
    }
}
