using AcquirerEngine.Cli;

namespace AcquirerEngine.Cli.Tests;

public sealed class CnyAmountTests
{
    [Theory]
    [InlineData("123.45", 12_345L)]
    [InlineData("123.4", 12_340L)]
    [InlineData("123", 12_300L)]
    [InlineData("0.01", 1L)]
    [InlineData("0", 0L)]
    [InlineData("007.05", 705L)]
    [InlineData(" 1.10 ", 110L)]
    [InlineData("92233720368547758.07", long.MaxValue)]
    public void Converts_yuan_to_fen_exactly(string text, long expected)
    {
        Assert.True(CnyAmount.TryParseMinor(text, out var minor, out var error), error);
        Assert.Equal(expected, minor);
    }

    [Theory]
    [InlineData("1.234", "more than 2 decimals")]
    [InlineData("0.001", "more than 2 decimals")]
    [InlineData("-1", "negative")]
    [InlineData("-0.01", "negative")]
    [InlineData("", "empty")]
    [InlineData("abc", "not a decimal")]
    [InlineData("1,5", "not a decimal")]
    [InlineData("1.", "not a decimal")]
    [InlineData(".5", "not a decimal")]
    [InlineData("1e3", "not a decimal")]
    [InlineData("+1", "not a decimal")]
    [InlineData("1.2.3", "not a decimal")]
    [InlineData("92233720368547758.08", "too large")]
    [InlineData("99999999999999999", "too large")]
    [InlineData("123456789012345678", "too large")]
    public void Refuses_what_is_not_an_exact_non_negative_fen_amount(string text, string reason)
    {
        Assert.False(CnyAmount.TryParseMinor(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(12_345L, "123.45")]
    [InlineData(5L, "0.05")]
    [InlineData(0L, "0.00")]
    [InlineData(-150L, "-1.50")]
    public void Formats_fen_as_yuan(long minor, string expected) => Assert.Equal(expected, CnyAmount.FormatMinor(minor));
}
