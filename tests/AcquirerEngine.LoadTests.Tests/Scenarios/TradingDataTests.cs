using AcquirerEngine.Contracts.V1;
using AcquirerEngine.LoadTests.Scenarios;
using Xunit.Abstractions;

namespace AcquirerEngine.LoadTests.Tests.Scenarios;

public sealed class TradingDataTests(ITestOutputHelper output)
{
    [Fact]
    public void TheSameSeed_GivesTheSameData()
    {
        const int Seed = 2026;
        output.WriteLine($"seed {Seed}");
        var first = new TradingData(Seed);
        var second = new TradingData(Seed);

        Assert.Equal(Draw(first), Draw(second));
        Assert.NotEqual(Draw(new TradingData(Seed + 1)), Draw(new TradingData(Seed)));
    }

    [Fact]
    public void Identities_FitTheWireLimits_AndCarryTheRunTag()
    {
        var data = new TradingData(12345);

        Assert.Equal("898312345000007", data.MerchantId(7));
        Assert.Equal("L4500042", data.TerminalId(42));
        Assert.Equal(15, data.MerchantId(999_999).Length);
        Assert.Equal(8, data.TerminalId(99_999).Length);
    }

    [Fact]
    public void Amounts_AreLogNormalAroundTheMedian_WithinTheTicketLimits_AndCardTypesFollowTheDebitShare()
    {
        const int Seed = 31;
        output.WriteLine($"seed {Seed}");
        var data = new TradingData(Seed, medianAmountMinor: 8_800, amountSigma: 1.0, debitShare: 0.4);
        var amounts = Enumerable.Range(0, 20_000).Select(_ => data.NextAmountMinor()).Order().ToArray();
        var debit = Enumerable.Range(0, 20_000).Count(_ => data.NextCardType() == CardType.Debit) / 20_000.0;

        Assert.InRange(amounts[amounts.Length / 2], 8_000, 9_700);
        // One sigma above the median of a log-normal is the 84th percentile: 8,800 * e.
        Assert.InRange(amounts[(int)(amounts.Length * 0.8413)], 21_000, 26_000);
        Assert.True(amounts[0] >= TradingData.MinAmountMinor && amounts[^1] <= TradingData.MaxAmountMinor);
        Assert.InRange(debit, 0.38, 0.42);
    }

    [Fact]
    public void TheStepMix_PicksStepsInProportionToTheirWeights()
    {
        const int Seed = 5;
        output.WriteLine($"seed {Seed}");
        var random = new Random(Seed);
        var mix = new StepMix(Sale: 0.9, DuplicateSale: 0.05, Void: 0.03, Reverse: 0.02);
        var picks = Enumerable.Range(0, 100_000).Select(_ => mix.Pick(random.NextDouble())).GroupBy(k => k).ToDictionary(g => g.Key, g => g.Count() / 100_000.0);

        Assert.InRange(picks[StepKind.Sale], 0.895, 0.905);
        Assert.InRange(picks[StepKind.DuplicateSale], 0.047, 0.053);
        Assert.InRange(picks[StepKind.Void], 0.028, 0.032);
        Assert.InRange(picks[StepKind.Reverse], 0.018, 0.022);
        Assert.False(picks.ContainsKey(StepKind.NewMerchantFirstSale));
    }

    private static (string, long, CardType, string) Draw(TradingData data) =>
        (data.MerchantId(1), data.NextAmountMinor(), data.NextCardType(), data.NextCardToken());
}
