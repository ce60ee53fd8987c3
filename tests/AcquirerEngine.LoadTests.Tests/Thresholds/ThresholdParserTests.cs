using AcquirerEngine.LoadTests.Thresholds;

namespace AcquirerEngine.LoadTests.Tests.Thresholds;

public sealed class ThresholdParserTests
{
    [Theory]
    [InlineData("sale.p99<10ms", "sale", ThresholdMetric.P99, ThresholdOperator.Less, 10_000)]
    [InlineData("fail%<0.1", null, ThresholdMetric.FailPercent, ThresholdOperator.Less, 0.1)]
    [InlineData("sale.p99.9 <= 1.5s", "sale", ThresholdMetric.P999, ThresholdOperator.LessOrEqual, 1_500_000)]
    [InlineData("p50<500us", null, ThresholdMetric.P50, ThresholdOperator.Less, 500)]
    [InlineData("first-sale.max<20", "first-sale", ThresholdMetric.Max, ThresholdOperator.Less, 20_000)]
    [InlineData("sale.rps>=100", "sale", ThresholdMetric.Rps, ThresholdOperator.GreaterOrEqual, 100)]
    [InlineData("ok>0", null, ThresholdMetric.Ok, ThresholdOperator.Greater, 0)]
    public void Parses_StepMetricOperatorAndLimit(string text, string? step, ThresholdMetric metric, ThresholdOperator op, double limit)
    {
        var threshold = ThresholdParser.Parse(text);

        Assert.Equal((step, metric, op, limit), (threshold.Step, threshold.Metric, threshold.Operator, threshold.Limit));
    }

    [Theory]
    [InlineData("sale.p98<10ms", "unknown metric")]
    [InlineData("p99=10ms", "expected [step.]metric<value")]
    [InlineData("sale.p99<fast", "'fast' is not a time")]
    [InlineData("fail%<-1", "not a non-negative number")]
    [InlineData("<10ms", "expected")]
    public void BadThresholds_AreRefusedWithAMessageNamingTheOption(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => ThresholdParser.Parse(text));

        Assert.StartsWith($"--threshold \"{text}\"", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
