using AcquirerEngine.LoadTests.Stats;
using AcquirerEngine.LoadTests.Thresholds;

namespace AcquirerEngine.LoadTests.Tests.Thresholds;

public sealed class ThresholdEvaluatorTests
{
    private static readonly IReadOnlyList<StepSnapshot> Steps =
    [
        Step("sale", ok: 999, failed: 1, p99Micros: 8_000),
        Step("void", ok: 10, failed: 0, p99Micros: 12_000),
    ];

    [Fact]
    public void AStepThreshold_ChecksThatStepOnly()
    {
        var results = ThresholdEvaluator.Evaluate([ThresholdParser.Parse("sale.p99<10ms")], Steps);

        var result = Assert.Single(results);
        Assert.True(result.Passed);
        Assert.Equal(8_000, result.Actual);
    }

    [Fact]
    public void ALatencyThresholdWithoutAStep_MustHoldForEveryStep()
    {
        var results = ThresholdEvaluator.Evaluate([ThresholdParser.Parse("p99<10ms")], Steps);

        Assert.Equal([("sale", true), ("void", false)], results.Select(r => (r.Scope, r.Passed)));
    }

    [Fact]
    public void FailPercentWithoutAStep_IsTakenOverAllCallsTogether()
    {
        // 1 failed of 1,010 calls = 0.099%.
        var pass = ThresholdEvaluator.Evaluate([ThresholdParser.Parse("fail%<0.1")], Steps);
        var fail = ThresholdEvaluator.Evaluate([ThresholdParser.Parse("fail%<0.05")], Steps);

        Assert.True(Assert.Single(pass).Passed);
        Assert.False(Assert.Single(fail).Passed);
        Assert.Equal(100.0 / 1010, Assert.Single(fail).Actual, 9);
    }

    [Fact]
    public void AThresholdOnAStepThatNeverRan_Fails()
    {
        var result = Assert.Single(ThresholdEvaluator.Evaluate([ThresholdParser.Parse("refund.p99<10ms")], Steps));

        Assert.False(result.Passed);
        Assert.Contains("no step named 'refund'", result.Detail, StringComparison.Ordinal);
    }

    private static StepSnapshot Step(string name, long ok, long failed, long p99Micros) => new(
        name,
        ok,
        failed,
        new Dictionary<string, long> { ["OK"] = ok, ["UNAVAILABLE"] = failed },
        new LatencySummary(ok, 100, 1_000, 900, 1_500, 5_000, p99Micros, p99Micros, p99Micros),
        (ok + failed) / 10.0,
        0,
        0,
        []);
}
