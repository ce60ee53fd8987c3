using AcquirerEngine.Domain.Risk;

namespace AcquirerEngine.Domain.Tests.Risk;

public sealed class RiskEvaluatorTests
{
    private const string Mid = "898310048161234";
    private static readonly DateTime Afternoon = new(2026, 9, 29, 15, 0, 0, DateTimeKind.Unspecified);

    private static RiskSale Sale(long amount, DateTime? time = null, string token = "tok_a", string id = "tx") =>
        new(Mid, id, amount, token, time ?? Afternoon);

    private static RiskProfile Established(int sales = 30, long amount = 10_000, DateTime? at = null)
    {
        var profile = new RiskProfile();
        var start = at ?? Afternoon.AddDays(-8);
        for (var i = 0; i < sales; i++)
        {
            profile.Record(amount, $"tok_{i}", start.AddHours(i * 6));
        }

        return profile;
    }

    [Fact]
    public void FirstSaleOfNewMerchant_AboveThreshold_Held()
    {
        var held = RiskEvaluator.Evaluate(new RiskProfile(), Sale(5_000_001), RiskPolicy.Default);
        var atLimit = RiskEvaluator.Evaluate(new RiskProfile(), Sale(5_000_000), RiskPolicy.Default);

        Assert.True(held.Hold);
        Assert.Equal(RiskReason.NewMerchantLargeFirstSale, held.Reasons[0]);
        Assert.False(atLimit.Hold);
        Assert.DoesNotContain(RiskReason.NewMerchantLargeFirstSale, atLimit.Reasons);
    }

    [Fact]
    public void FirstSaleRule_AppliesOnlyToTheFirstSale_AndCanBeSwitchedOff()
    {
        var profile = new RiskProfile();
        profile.Record(1_000, "tok_z", Afternoon.AddHours(-5));
        Assert.DoesNotContain(RiskReason.NewMerchantLargeFirstSale, RiskEvaluator.Evaluate(profile, Sale(6_000_000), RiskPolicy.Default).Reasons);
        var off = RiskPolicy.Default with { NewMerchantFirstSaleHoldAboveMinor = null };
        Assert.DoesNotContain(RiskReason.NewMerchantLargeFirstSale, RiskEvaluator.Evaluate(new RiskProfile(), Sale(6_000_000), off).Reasons);
    }

    [Fact]
    public void TicketFarAboveAverage_HeldOnlyAfterEnoughSales()
    {
        var policy = RiskPolicy.Default with { DailyVolumeSpikeMultiple = null };
        var established = Established(sales: 20);
        var young = Established(sales: 19);

        Assert.True(RiskEvaluator.Evaluate(established, Sale(100_001), policy).Hold);
        Assert.False(RiskEvaluator.Evaluate(established, Sale(100_000), policy).Hold);
        Assert.False(RiskEvaluator.Evaluate(young, Sale(100_001), policy).Hold);
        Assert.Contains(RiskReason.TicketFarAboveAverage, RiskEvaluator.Evaluate(established, Sale(100_001), policy).Reasons);
    }

    [Fact]
    public void DailyVolumeSpike_AboveFiveTimesTrailingAverage_Held()
    {
        var policy = RiskPolicy.Default with { TicketMultipleOfAverage = null };
        var profile = new RiskProfile();
        for (var day = 1; day <= 7; day++)
        {
            profile.Record(100_000, $"tok_{day}", Afternoon.AddDays(-day));
        }

        profile.Record(400_000, "tok_today", Afternoon.AddHours(-1));

        var spike = RiskEvaluator.Evaluate(profile, Sale(100_001), policy);
        var normal = RiskEvaluator.Evaluate(profile, Sale(100_000), policy);

        Assert.True(spike.Hold);
        Assert.Equal([RiskReason.DailyVolumeSpike], spike.Reasons);
        Assert.Equal(RiskAlertKind.DailyVolumeSpike, spike.Alerts[0].Kind);
        Assert.False(normal.Hold);
    }

    [Fact]
    public void DailyVolumeSpike_NeedsHistory()
    {
        var profile = new RiskProfile();
        profile.Record(1_000, "t1", Afternoon.AddDays(-1));
        profile.Record(1_000, "t2", Afternoon.AddDays(-2));
        Assert.DoesNotContain(RiskReason.DailyVolumeSpike, RiskEvaluator.Evaluate(profile, Sale(1_000_000), RiskPolicy.Default).Reasons);
    }

    [Fact]
    public void SameCardThreeTimesWithinTenMinutes_HeldWithAbnormalFlowAlert_WindowIsHalfOpen()
    {
        var profile = new RiskProfile();
        profile.Record(1_000, "tok_a", Afternoon);
        profile.Record(1_000, "tok_a", Afternoon.AddMinutes(5));

        var within = RiskEvaluator.Evaluate(profile, Sale(1_000, Afternoon.AddMinutes(9).AddSeconds(59)), RiskPolicy.Default);
        var atTen = RiskEvaluator.Evaluate(profile, Sale(1_000, Afternoon.AddMinutes(10)), RiskPolicy.Default);
        var otherCard = RiskEvaluator.Evaluate(profile, Sale(1_000, Afternoon.AddMinutes(6), token: "tok_b"), RiskPolicy.Default);

        Assert.True(within.Hold);
        Assert.Equal(RiskAlertKind.AbnormalFlow, Assert.Single(within.Alerts).Kind);
        Assert.False(atTen.Hold);
        Assert.False(otherCard.Hold);
    }

    [Fact]
    public void LargeSaleAtNight_HeldWithAlert()
    {
        var night = new DateTime(2026, 9, 29, 4, 59, 0, DateTimeKind.Unspecified);
        var profile = Established(sales: 1);

        Assert.True(RiskEvaluator.Evaluate(profile, Sale(500_001, night), RiskPolicy.Default).Hold);
        Assert.Equal(RiskAlertKind.LargeNightSale, RiskEvaluator.Evaluate(profile, Sale(500_001, night), RiskPolicy.Default).Alerts.Single().Kind);
        Assert.False(RiskEvaluator.Evaluate(profile, Sale(500_000, night), RiskPolicy.Default).Hold);
        Assert.False(RiskEvaluator.Evaluate(profile, Sale(500_001, night.AddMinutes(1)), RiskPolicy.Default).Hold);
        var wrapping = RiskPolicy.Default with { NightStart = new TimeOnly(23, 0), NightEnd = new TimeOnly(5, 0) };
        Assert.True(RiskEvaluator.Evaluate(profile, Sale(500_001, night.AddHours(19)), wrapping).Hold);
    }

    [Fact]
    public void RoundAmount_AlertsWithoutHolding()
    {
        var profile = Established(sales: 1, amount: 2_000_000);

        var round = RiskEvaluator.Evaluate(profile, Sale(2_000_000), RiskPolicy.Default);
        var notRound = RiskEvaluator.Evaluate(profile, Sale(2_000_001), RiskPolicy.Default);

        Assert.False(round.Hold);
        Assert.Equal(RiskAlertKind.RoundAmount, Assert.Single(round.Alerts).Kind);
        Assert.Empty(notRound.Alerts);
    }

    [Fact]
    public void Profile_StaysBounded()
    {
        var profile = new RiskProfile();
        for (var i = 0; i < 2_000; i++)
        {
            profile.Record(100, "tok_same", Afternoon.AddSeconds(i));
        }

        for (var day = 0; day < 100; day++)
        {
            profile.Record(100, "tok_d", Afternoon.AddDays(day + 1));
        }

        Assert.True(profile.RecentCardUses.Count <= RiskProfile.MaxCardUses);
        Assert.True(profile.DailyVolumes.Count <= RiskProfile.VolumeDays);
        Assert.Equal(2_100, profile.SaleCount);
    }

    [Fact]
    public void HoldText_NamesOnlyTheRulesThatHold()
    {
        var verdict = RiskEvaluator.Evaluate(new RiskProfile(), Sale(6_000_000), RiskPolicy.Default);

        Assert.True(verdict.Hold);
        Assert.Equal([RiskReason.NewMerchantLargeFirstSale, RiskReason.RoundAmount], verdict.Reasons);
        Assert.Equal(2, verdict.Alerts.Count);
        Assert.Contains("first sale", verdict.HoldText, StringComparison.Ordinal);
        Assert.DoesNotContain("round", verdict.HoldText, StringComparison.Ordinal);
    }
}
