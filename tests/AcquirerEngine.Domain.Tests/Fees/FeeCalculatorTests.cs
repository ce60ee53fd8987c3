using System.Text.Json;
using AcquirerEngine.Domain.Fees;
using AcquirerEngine.Domain.Terminals;

namespace AcquirerEngine.Domain.Tests.Fees;

public sealed class FeeCalculatorTests
{
    [Fact]
    public void Scenario15_Debit10000CnyCappedAt20_Credit10000CnyAt06Percent()
    {
        var debit = FeeCalculator.Fee(1_000_000, CardType.Debit, RateTables.Standard);
        Assert.Equal(FeeResult.Calculated, debit.Result);
        Assert.Equal(2_000, debit.FeeMinor);
        Assert.Equal(5_000, debit.UncappedFeeMinor);
        Assert.True(debit.Capped);
        Assert.Equal(998_000, debit.NetMinor);

        var credit = FeeCalculator.Fee(1_000_000, CardType.Credit, RateTables.Standard);
        Assert.Equal(6_000, credit.FeeMinor);
        Assert.False(credit.Capped);
        Assert.Equal(994_000, credit.NetMinor);
    }

    [Theory]
    [InlineData(400_000, 2_000, 2_000, false)] // 4,000.00 CNY at 0.5% is exactly the cap: not capped
    [InlineData(400_100, 2_000, 2_000, false)] // 20.005 rounds half-even to 20.00: still not over the cap
    [InlineData(400_300, 2_000, 2_002, true)]  // 20.015 rounds to 20.02: capped
    [InlineData(400_200, 2_000, 2_001, true)]  // 20.01 exceeds the cap by one fen
    [InlineData(399_800, 1_999, 1_999, false)]
    public void DebitCapEdge(long amount, long expectedFee, long expectedUncapped, bool capped)
    {
        var quote = FeeCalculator.Fee(amount, CardType.Debit, RateTables.Standard);
        Assert.Equal(expectedFee, quote.FeeMinor);
        Assert.Equal(expectedUncapped, quote.UncappedFeeMinor);
        Assert.Equal(capped, quote.Capped);
        Assert.Equal(amount - expectedFee, quote.NetMinor);
    }

    [Fact]
    public void CapIsAppliedOnlyWhenTheFeeExceedsIt()
    {
        Assert.False(FeeCalculator.Fee(400_000, CardType.Debit, RateTables.Standard).Capped);
        Assert.True(FeeCalculator.Fee(400_200, CardType.Debit, RateTables.Standard).Capped);
    }

    [Fact]
    public void Psbc_UsesItsOwnCapAndCreditRate_AndIsMarkedUnverified()
    {
        Assert.True(RateTables.Psbc.Unverified);
        Assert.Equal(1_700, FeeCalculator.Fee(1_000_000, CardType.Debit, RateTables.Psbc).FeeMinor);
        Assert.Equal(5_500, FeeCalculator.Fee(1_000_000, CardType.Credit, RateTables.Psbc).FeeMinor);
    }

    [Theory]
    // 0.5% of 100 fen = 0.5 fen: an exact half. Half-even -> 0, half-up -> 1.
    [InlineData(100, 5_000, RoundingMode.HalfEven, 0)]
    [InlineData(100, 5_000, RoundingMode.HalfUp, 1)]
    // 0.5% of 300 fen = 1.5 fen: half-even -> 2 (even), half-up -> 2.
    [InlineData(300, 5_000, RoundingMode.HalfEven, 2)]
    [InlineData(300, 5_000, RoundingMode.HalfUp, 2)]
    // 0.5% of 500 fen = 2.5 fen: half-even -> 2, half-up -> 3.
    [InlineData(500, 5_000, RoundingMode.HalfEven, 2)]
    [InlineData(500, 5_000, RoundingMode.HalfUp, 3)]
    // Just off the half: 0.6% of 75 fen = 0.45 -> 0; of 92 fen = 0.552 -> 1.
    [InlineData(75, 6_000, RoundingMode.HalfUp, 0)]
    [InlineData(92, 6_000, RoundingMode.HalfEven, 1)]
    // Tiny amounts.
    [InlineData(0, 6_000, RoundingMode.HalfUp, 0)]
    [InlineData(1, 6_000, RoundingMode.HalfUp, 0)]
    [InlineData(83, 6_000, RoundingMode.HalfUp, 0)]  // 0.498
    [InlineData(84, 6_000, RoundingMode.HalfUp, 1)]  // 0.504
    // Fractional bps: 0.385% of 200 fen = 0.77 -> 1; of 1,000,000 fen = 3,850 exactly.
    [InlineData(200, 3_850, RoundingMode.HalfEven, 1)]
    [InlineData(1_000_000, 3_850, RoundingMode.HalfEven, 3_850)]
    // 100% and 0%.
    [InlineData(12_345, 1_000_000, RoundingMode.HalfEven, 12_345)]
    [InlineData(12_345, 0, RoundingMode.HalfEven, 0)]
    public void RoundedFee_RoundsExactlyAsStated(long amount, long ratePpm, RoundingMode rounding, long expected) =>
        Assert.Equal(expected, FeeCalculator.RoundedFee(amount, ratePpm, rounding));

    [Fact]
    public void HugeAmounts_DoNotOverflow()
    {
        // long.MaxValue x 1,000,000 overflows a long; Int128 keeps it exact.
        Assert.Equal(long.MaxValue, FeeCalculator.RoundedFee(long.MaxValue, 1_000_000, RoundingMode.HalfEven));
        var expected = (long)((Int128)long.MaxValue * 6_000 / 1_000_000);
        var remainder = (Int128)long.MaxValue * 6_000 % 1_000_000;
        Assert.Equal(remainder * 2 > 1_000_000 ? expected + 1 : expected, FeeCalculator.RoundedFee(long.MaxValue, 6_000, RoundingMode.HalfUp));
    }

    [Fact]
    public void UnknownCardTypeAndNegativeAmounts_AreAnswers_NotExceptions()
    {
        Assert.Equal(FeeResult.UnknownCardType, FeeCalculator.Fee(1_000, CardType.Unspecified, RateTables.Standard).Result);
        Assert.Equal(FeeResult.NegativeAmount, FeeCalculator.Fee(-1, CardType.Debit, RateTables.Standard).Result);
    }

    [Fact]
    public void CreditCap_WhenAContractHasOne()
    {
        var plan = RateTables.Standard with { CreditCapMinor = 5_000 };
        var quote = FeeCalculator.Fee(1_000_000, CardType.Credit, plan);
        Assert.Equal(5_000, quote.FeeMinor);
        Assert.True(quote.Capped);
    }

    [Fact]
    public void InvalidPlan_IsAConfigurationBug() =>
        Assert.Throws<InvariantViolationException>(() =>
            FeeCalculator.Fee(1_000, CardType.Credit, RateTables.Standard with { CreditRatePpm = 1_000_001 }));

    [Fact]
    public void PricingPlan_RoundTripsThroughSystemTextJson()
    {
        var json = JsonSerializer.Serialize(RateTables.Psbc);
        Assert.Equal(RateTables.Psbc, JsonSerializer.Deserialize<PricingPlan>(json));
    }

    [Fact]
    public void ManySmallFees_HalfEvenHasNoUpwardDrift()
    {
        // Amounts 100, 300, 500, ... fen at 0.5% are all exact halves: half-up always rounds up,
        // half-even rounds up and down alternately, so its total equals the exact total.
        long halfEven = 0, halfUp = 0, exactTimesTwo = 0;
        for (long amount = 100; amount <= 100_000; amount += 200)
        {
            halfEven += FeeCalculator.RoundedFee(amount, 5_000, RoundingMode.HalfEven);
            halfUp += FeeCalculator.RoundedFee(amount, 5_000, RoundingMode.HalfUp);
            exactTimesTwo += amount / 100;
        }

        Assert.Equal(exactTimesTwo, halfEven * 2);
        Assert.True(halfUp > halfEven);
    }
}
