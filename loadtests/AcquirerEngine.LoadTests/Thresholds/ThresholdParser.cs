using System.Globalization;

namespace AcquirerEngine.LoadTests.Thresholds;

/// <summary>
/// Parses "--threshold" values: [step.]metric op value[unit]. Metrics: min, mean, p50, p75, p95, p99,
/// p99.9, max (a time: us, ms or s; plain numbers are ms), fail% (percent), rps, ok, fail (numbers).
/// Operators: &lt; &lt;= &gt; &gt;=. Errors name the option and say what was expected.
/// </summary>
public static class ThresholdParser
{
    private static readonly Dictionary<string, ThresholdMetric> Metrics = new(StringComparer.OrdinalIgnoreCase)
    {
        ["min"] = ThresholdMetric.Min,
        ["mean"] = ThresholdMetric.Mean,
        ["p50"] = ThresholdMetric.P50,
        ["p75"] = ThresholdMetric.P75,
        ["p95"] = ThresholdMetric.P95,
        ["p99"] = ThresholdMetric.P99,
        ["p99.9"] = ThresholdMetric.P999,
        ["max"] = ThresholdMetric.Max,
        ["fail%"] = ThresholdMetric.FailPercent,
        ["rps"] = ThresholdMetric.Rps,
        ["ok"] = ThresholdMetric.Ok,
        ["fail"] = ThresholdMetric.Failed,
    };

    public static Threshold Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var compact = text.Replace(" ", "", StringComparison.Ordinal);
        var at = compact.IndexOfAny(['<', '>']);
        if (at <= 0)
        {
            throw Invalid(text, "expected [step.]metric<value, e.g. \"sale.p99<10ms\" or \"fail%<0.1\"");
        }

        var orEqual = at + 1 < compact.Length && compact[at + 1] == '=';
        var op = (compact[at], orEqual) switch
        {
            ('<', false) => ThresholdOperator.Less,
            ('<', true) => ThresholdOperator.LessOrEqual,
            ('>', false) => ThresholdOperator.Greater,
            _ => ThresholdOperator.GreaterOrEqual,
        };
        var left = compact[..at];
        var right = compact[(at + (orEqual ? 2 : 1))..];

        string? step = null;
        if (!Metrics.TryGetValue(left, out var metric))
        {
            var dot = left.IndexOf('.', StringComparison.Ordinal);
            if (dot <= 0 || !Metrics.TryGetValue(left[(dot + 1)..], out metric))
            {
                throw Invalid(text, $"unknown metric in '{left}'; use one of {string.Join(", ", Metrics.Keys)}, optionally after a step name (\"sale.p99\")");
            }

            step = left[..dot];
        }

        var threshold = new Threshold(text, step, metric, op, 0);
        return threshold with { Limit = ParseLimit(text, right, threshold.IsLatency) };
    }

    private static double ParseLimit(string text, string value, bool latency)
    {
        var (number, micros) = value switch
        {
            _ when !latency => (value.TrimEnd('%'), 1.0),
            _ when value.EndsWith("us", StringComparison.OrdinalIgnoreCase) => (value[..^2], 1.0),
            _ when value.EndsWith("ms", StringComparison.OrdinalIgnoreCase) => (value[..^2], 1_000.0),
            _ when value.EndsWith('s') => (value[..^1], 1_000_000.0),
            _ => (value, 1_000.0),
        };
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) || parsed < 0 || !double.IsFinite(parsed))
        {
            throw Invalid(text, latency
                ? $"'{value}' is not a time like 10ms, 500us or 1.5s"
                : $"'{value}' is not a non-negative number");
        }

        return parsed * micros;
    }

    private static FormatException Invalid(string text, string why) => new($"--threshold \"{text}\": {why}");
}
