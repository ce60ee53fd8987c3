using AcquirerEngine.Domain.Terminals;

namespace AcquirerEngine.Domain.Tests.Terminals;

public sealed class RrnAndApprovalCodeTests
{
    [Theory]
    [InlineData(2026, 9, 30, 22, 123u, "627322000123")]
    [InlineData(2025, 1, 1, 0, 1u, "500100000001")]
    [InlineData(2028, 12, 31, 23, 999_999u, "836623999999")] // leap year: day 366
    [InlineData(2030, 2, 14, 9, 42u, "004509000042")]
    public void Rrn_IsYearDigit_DayOfYear_Hour_Stan(int year, int month, int day, int hour, uint stan, string expected)
    {
        var rrn = RetrievalReferenceNumber.From(new DateTime(year, month, day, hour, 59, 59), stan);

        Assert.Equal(expected, rrn);
        Assert.Matches("^[0-9]{12}$", rrn);
    }

    [Fact]
    public void Rrn_RefusesStanOutOfRange() =>
        Assert.Throws<InvariantViolationException>(() => RetrievalReferenceNumber.From(new DateTime(2026, 1, 1), 1_000_000));

    [Fact]
    public void Rrn_IsDerived_OnlyForExactlyWhatFromGives()
    {
        var time = new DateTime(2026, 9, 30, 22, 5, 0);
        var rrn = RetrievalReferenceNumber.From(time, 123);

        Assert.True(RetrievalReferenceNumber.IsDerived(rrn, time, 123));
        Assert.False(RetrievalReferenceNumber.IsDerived(rrn, time, 124));
        Assert.False(RetrievalReferenceNumber.IsDerived(rrn, time.AddHours(1), 123));
        Assert.False(RetrievalReferenceNumber.IsDerived(rrn[..11], time, 123));
        Assert.False(RetrievalReferenceNumber.IsDerived(rrn + "0", time, 123));
        Assert.False(RetrievalReferenceNumber.IsDerived("", time, 123));

        // A STAN outside the range From refuses is never derived, and asking does not throw.
        Assert.False(RetrievalReferenceNumber.IsDerived("627300000000", time, 0));
        Assert.False(RetrievalReferenceNumber.IsDerived(rrn, time, 1_000_000));
    }

    [Fact]
    public void ApprovalCode_DeterministicPerSeedAndIdentity()
    {
        const string identity = "sale:898310048161234:T0000001:000001:000123:2026-09-30";

        var code = ApprovalCode.Derive(42, identity);

        Assert.Matches("^[0-9A-Z]{6}$", code);
        Assert.Equal(code, ApprovalCode.Derive(42, identity));
        Assert.NotEqual(code, ApprovalCode.Derive(43, identity));
        Assert.NotEqual(code, ApprovalCode.Derive(42, identity.Replace("000123", "000124", StringComparison.Ordinal)));
    }

    [Fact]
    public void ApprovalCode_SpreadsOverManyIdentities()
    {
        var codes = Enumerable.Range(1, 10_000)
            .Select(stan => ApprovalCode.Derive(7, $"sale:M:T:000001:{stan:D6}:2026-09-30"))
            .ToHashSet();
        Assert.True(codes.Count > 9_990, $"only {codes.Count} distinct codes");
    }
}
