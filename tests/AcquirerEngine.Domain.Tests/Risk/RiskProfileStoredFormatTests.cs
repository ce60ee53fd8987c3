using System.Text.Json;
using AcquirerEngine.Domain.Risk;

namespace AcquirerEngine.Domain.Tests.Risk;

/// <summary>
/// The risk profile is part of the merchant's stored snapshot. A profile written by the list-based code
/// (3801f7b: card uses in insertion order, one of them out of time order, a repeated card, two days) loads
/// into the indexed profile, writes back byte for byte, and goes on exactly as that code would.
/// </summary>
public sealed class RiskProfileStoredFormatTests
{
    private const string WrittenByTheListCode =
        """{"SaleCount":6,"TotalAmountMinor":61000,"LatestSaleTime":"2026-11-22T10:40:00","RecentCardUses":[{"CardToken":"tok_a","LocalTime":"2026-11-22T09:45:00"},{"CardToken":"tok_b","LocalTime":"2026-11-22T10:40:00"},{"CardToken":"tok_a","LocalTime":"2026-11-22T10:05:00"},{"CardToken":"tok_c","LocalTime":"2026-11-22T09:50:00"},{"CardToken":"tok_a","LocalTime":"2026-11-22T10:35:00"}],"DailyVolumes":[{"Date":"2026-11-21","AmountMinor":10000},{"Date":"2026-11-22","AmountMinor":51000}]}""";

    [Fact]
    public void SnapshotOfTheListCode_LoadsAndWritesBackUnchanged()
    {
        var profile = JsonSerializer.Deserialize<RiskProfile>(WrittenByTheListCode)!;

        Assert.Equal(WrittenByTheListCode, JsonSerializer.Serialize(profile));
        Assert.Equal(3, profile.CardUsesWithin("tok_a", new DateTime(2026, 11, 22, 10, 40, 0), RiskProfile.CardUseRetention));
        Assert.Equal(2, profile.CardUsesWithin("tok_a", new DateTime(2026, 11, 22, 10, 35, 0), TimeSpan.FromMinutes(31)));
        Assert.Equal(51_000, profile.VolumeOn(new DateOnly(2026, 11, 22)));
    }

    [Fact]
    public void SnapshotOfTheListCode_ContinuesAsTheListCodeWould()
    {
        var profile = JsonSerializer.Deserialize<RiskProfile>(WrittenByTheListCode)!;
        var oracle = JsonSerializer.Deserialize<RiskProfileOracle>(WrittenByTheListCode)!;

        // 10:52 puts the horizon at 09:52: the first insertion (09:45) and the fourth (09:50) go, the rest stay.
        foreach (var (token, time) in new[] { ("tok_a", new DateTime(2026, 11, 22, 10, 52, 0)), ("tok_c", new DateTime(2026, 11, 22, 10, 10, 0)) })
        {
            profile.Record(1_000, token, time);
            oracle.Record(1_000, token, time);
            Assert.Equal(JsonSerializer.Serialize(oracle), JsonSerializer.Serialize(profile));
        }

        Assert.Equal(
            ["tok_b", "tok_a", "tok_a", "tok_a", "tok_c"],
            profile.RecentCardUses.Select(u => u.CardToken));
        Assert.Equal(3, profile.CardUsesWithin("tok_a", new DateTime(2026, 11, 22, 10, 52, 0), RiskProfile.CardUseRetention));
    }

    [Fact]
    public void FullProfile_DropsTheOldestInsertion_NotTheOldestTime()
    {
        var profile = new RiskProfile();
        var noon = new DateTime(2026, 11, 22, 12, 0, 0);

        // The first insertion is the newest in time; the bound still drops it first.
        profile.Record(100, "tok_first", noon.AddMinutes(30));
        for (var i = 0; i < RiskProfile.MaxCardUses; i++)
        {
            profile.Record(100, $"tok_{i}", noon.AddSeconds(i));
        }

        Assert.Equal(RiskProfile.MaxCardUses, profile.RecentCardUses.Count);
        Assert.Equal(0, profile.CardUsesWithin("tok_first", noon.AddMinutes(30), RiskProfile.CardUseRetention));
        Assert.Equal("tok_0", profile.RecentCardUses[0].CardToken);
    }
}
