using AcquirerEngine.Domain.Validation;

namespace AcquirerEngine.Domain.Tests.Validation;

public sealed class LocalTimeFormatTests
{
    [Fact]
    public void ParsesLocalDateTimeWithoutKind()
    {
        Assert.True(LocalTimeFormat.TryParseLocalDateTime("2026-09-30T22:30:00", out var time));
        Assert.Equal(new DateTime(2026, 9, 30, 22, 30, 0), time);
        Assert.Equal(DateTimeKind.Unspecified, time.Kind);
        Assert.Equal("2026-09-30T22:30:00", LocalTimeFormat.Format(time));
    }

    [Fact]
    public void LeapDayIsARealDate() =>
        Assert.True(LocalTimeFormat.TryParseLocalDateTime("2028-02-29T00:00:00", out _));

    [Theory]
    [InlineData("2026-02-30T10:00:00")] // not a calendar date
    [InlineData("2026-02-29T10:00:00")] // 2026 is no leap year
    [InlineData("2026-13-01T10:00:00")]
    [InlineData("2026-09-30T24:00:00")]
    [InlineData("2026-09-30T22:30:00+08:00")] // offsets are not local time
    [InlineData("2026-09-30T22:30:00Z")]
    [InlineData("2026-09-30 22:30:00")]
    [InlineData("2026-9-30T22:30:00")]
    [InlineData("2026-09-30T22:30")]
    [InlineData("2026-09-30T22:30:00.000")]
    [InlineData(" 2026-09-30T22:30:00")]
    [InlineData("２０２６-09-30T22:30:00")] // full-width digits
    [InlineData("2026-09-30")]
    public void RejectsEverythingElse(string text) =>
        Assert.False(LocalTimeFormat.TryParseLocalDateTime(text, out _));

    [Theory]
    [InlineData("2026-09-30", true)]
    [InlineData("2026-02-30", false)]
    [InlineData("20260930", false)]
    [InlineData("2026-09-30T00:00:00", false)]
    public void ParsesLocalDate(string text, bool valid) =>
        Assert.Equal(valid, LocalTimeFormat.TryParseLocalDate(text, out _));
}
