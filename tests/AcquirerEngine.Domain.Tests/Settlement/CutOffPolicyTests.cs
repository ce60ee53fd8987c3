using AcquirerEngine.Domain.Settlement;

namespace AcquirerEngine.Domain.Tests.Settlement;

public sealed class CutOffPolicyTests
{
    [Theory]
    [InlineData("2026-09-30T22:59:59", "2026-09-30")]
    [InlineData("2026-09-30T22:59:59.9999999", "2026-09-30")]
    [InlineData("2026-09-30T23:00:00", "2026-10-01")]
    [InlineData("2026-09-30T23:30:00", "2026-10-01")]
    [InlineData("2026-09-30T23:59:59", "2026-10-01")]
    [InlineData("2026-10-01T00:00:00", "2026-10-01")]
    [InlineData("2026-12-31T23:00:00", "2027-01-01")]
    public void ClearingDate_RollsOverExactlyAtTheDefaultCutOff(string local, string expected) =>
        Assert.Equal(DateOnly.Parse(expected), CutOffPolicy.Default.ClearingDate(DateTime.Parse(local)));

    [Fact]
    public void ClearingDate_FollowsAConfiguredCutOff()
    {
        var policy = new CutOffPolicy { CutOff = new TimeOnly(22, 0) };
        Assert.Equal(new DateOnly(2026, 5, 6), policy.ClearingDate(new DateTime(2026, 5, 6, 21, 59, 59)));
        Assert.Equal(new DateOnly(2026, 5, 7), policy.ClearingDate(new DateTime(2026, 5, 6, 22, 0, 0)));
    }

    [Fact]
    public void MidnightCutOff_IsAConfigurationBug() =>
        Assert.Throws<InvariantViolationException>(() =>
            new CutOffPolicy { CutOff = TimeOnly.MinValue }.ClearingDate(new DateTime(2026, 5, 6, 12, 0, 0)));
}
