namespace AcquirerEngine.Grpc.Tests.Protocol;

public sealed class GrpcTimeoutTests
{
    [Theory]
    [InlineData("1H", 36_000_000_000L)]
    [InlineData("2M", 1_200_000_000L)]
    [InlineData("3S", 30_000_000L)]
    [InlineData("100m", 1_000_000L)]
    [InlineData("250u", 2_500L)]
    [InlineData("500n", 5L)]
    [InlineData("1n", 1L)] // rounds up to one tick: a deadline is never shortened to zero
    [InlineData("0m", 0L)]
    [InlineData("99999999S", 999_999_990_000_000L)]
    public void Parses_every_unit(string header, long expectedTicks)
    {
        Assert.True(GrpcTimeout.TryParse(header, out var timeout));
        Assert.Equal(expectedTicks, timeout.Ticks);
    }

    [Fact]
    public void Huge_hour_values_clamp_instead_of_overflowing()
    {
        Assert.True(GrpcTimeout.TryParse("99999999H", out var timeout));
        Assert.True(timeout > TimeSpan.FromDays(365 * 1000));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("10")]
    [InlineData("123456789S")] // 9 digits: the spec allows at most 8
    [InlineData("10s")]
    [InlineData("10 S")]
    [InlineData("-1S")]
    [InlineData("+1S")]
    [InlineData("1.5S")]
    [InlineData("10x")]
    [InlineData("١٢S")] // non-ASCII digits
    public void Rejects_malformed_values(string? header) => Assert.False(GrpcTimeout.TryParse(header, out _));

    [Theory]
    [InlineData(1L, "100n")]
    [InlineData(999_999L, "99999900n")]
    [InlineData(100L * TimeSpan.TicksPerMillisecond, "100000u")] // 1e8 ns needs 9 digits, so microseconds
    [InlineData(TimeSpan.TicksPerSecond, "1000000u")]
    [InlineData(TimeSpan.TicksPerHour, "3600000m")]
    [InlineData(TimeSpan.TicksPerDay * 30, "2592000S")]
    [InlineData(TimeSpan.TicksPerDay * 3650, "5256000M")]
    public void Formats_with_the_finest_unit_that_fits_in_eight_digits(long ticks, string expected) =>
        Assert.Equal(expected, GrpcTimeout.Format(TimeSpan.FromTicks(ticks)));

    [Fact]
    public void Formatting_rounds_up_and_never_emits_zero_or_more_than_eight_digits()
    {
        Assert.Equal("1n", GrpcTimeout.Format(TimeSpan.Zero));
        Assert.Equal("1n", GrpcTimeout.Format(TimeSpan.FromSeconds(-5)));

        // 100,000,100 ns needs 9 digits in n; in u it is 100000.1, rounded up (never down) to 100001.
        Assert.Equal("100001u", GrpcTimeout.Format(TimeSpan.FromTicks(1_000_001)));

        var longest = GrpcTimeout.Format(TimeSpan.MaxValue);
        Assert.Equal("99999999H", longest);
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(12_345L)]
    [InlineData(TimeSpan.TicksPerMillisecond * 100)]
    [InlineData(TimeSpan.TicksPerSecond * 7 + 3)]
    [InlineData(TimeSpan.TicksPerDay * 400 + 17)]
    public void Format_then_parse_never_shortens_the_timeout(long ticks)
    {
        var original = TimeSpan.FromTicks(ticks);
        Assert.True(GrpcTimeout.TryParse(GrpcTimeout.Format(original), out var parsed));
        Assert.True(parsed >= original, $"{parsed} < {original}");
    }
}
