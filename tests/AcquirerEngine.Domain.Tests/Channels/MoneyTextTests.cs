using AcquirerEngine.Domain.Channels;

namespace AcquirerEngine.Domain.Tests.Channels;

public sealed class MoneyTextTests
{
    [Theory]
    [InlineData(8_000_000, "80,000.00 CNY")]
    [InlineData(5, "0.05 CNY")]
    [InlineData(0, "0.00 CNY")]
    [InlineData(-123_456, "-1,234.56 CNY")]
    [InlineData(long.MinValue, "-92,233,720,368,547,758.08 CNY")]
    [InlineData(long.MaxValue, "92,233,720,368,547,758.07 CNY")]
    [InlineData(-123_456_789_012, "-1,234,567,890.12 CNY")]
    [InlineData(99_999, "999.99 CNY")]
    public void Cny_FormatsMinorUnitsExactly(long minor, string expected) => Assert.Equal(expected, MoneyText.Cny(minor));

    [Fact]
    public void When_IsRelativeToNow()
    {
        var now = new DateTime(2026, 11, 23, 17, 20, 0);
        Assert.Equal("20:30 today", MoneyText.When(new DateTime(2026, 11, 23, 20, 30, 0), now));
        Assert.Equal("04:00 tomorrow", MoneyText.When(new DateTime(2026, 11, 24, 4, 0, 0), now));
        Assert.Equal("2026-11-25 20:30", MoneyText.When(new DateTime(2026, 11, 25, 20, 30, 0), now));
    }
}
