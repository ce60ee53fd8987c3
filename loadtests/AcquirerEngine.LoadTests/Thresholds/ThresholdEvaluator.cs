using System.Globalization;
using AcquirerEngine.LoadTests.Stats;

namespace AcquirerEngine.LoadTests.Thresholds;

/// <summary>
/// Checks thresholds against a run's step results. A threshold without a step applies to every step, with
/// the counts and fail% taken over all steps together and latencies per step (each must hold). A
/// threshold naming a step that never ran fails: a typo must not pass silently.
/// </summary>
public static class ThresholdEvaluator
{
    public static IReadOnlyList<ThresholdResult> Evaluate(IEnumerable<Threshold> thresholds, IReadOnlyList<StepSnapshot> steps)
    {
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentNullException.ThrowIfNull(steps);
        var results = new List<ThresholdResult>();
        foreach (var threshold in thresholds)
        {
            if (threshold.Step is { } name)
            {
                var step = steps.FirstOrDefault(s => s.Name == name);
                results.Add(step is null
                    ? new ThresholdResult(threshold.Text, name, double.NaN, false, $"no step named '{name}' ran (steps: {string.Join(", ", steps.Select(s => s.Name))})")
                    : Check(threshold, name, Measure(threshold.Metric, step)));
            }
            else if (threshold.IsLatency)
            {
                results.AddRange(steps.Select(step => Check(threshold, step.Name, Measure(threshold.Metric, step))));
            }
            else
            {
                results.Add(Check(threshold, "all steps", MeasureAll(threshold.Metric, steps)));
            }
        }

        return results;
    }

    private static ThresholdResult Check(Threshold threshold, string scope, double actual)
    {
        var passed = threshold.Holds(actual);
        var shown = threshold.IsLatency
            ? string.Create(CultureInfo.InvariantCulture, $"{actual / 1000:0.###} ms")
            : actual.ToString("0.###", CultureInfo.InvariantCulture);
        return new ThresholdResult(threshold.Text, scope, actual, passed, $"{scope}: {shown}");
    }

    private static double Measure(ThresholdMetric metric, StepSnapshot step) => metric switch
    {
        ThresholdMetric.Min => step.Latency.MinMicros,
        ThresholdMetric.Mean => step.Latency.MeanMicros,
        ThresholdMetric.P50 => step.Latency.P50Micros,
        ThresholdMetric.P75 => step.Latency.P75Micros,
        ThresholdMetric.P95 => step.Latency.P95Micros,
        ThresholdMetric.P99 => step.Latency.P99Micros,
        ThresholdMetric.P999 => step.Latency.P999Micros,
        ThresholdMetric.Max => step.Latency.MaxMicros,
        ThresholdMetric.FailPercent => step.FailPercent,
        ThresholdMetric.Rps => step.Rps,
        ThresholdMetric.Ok => step.Ok,
        _ => step.Failed,
    };

    private static double MeasureAll(ThresholdMetric metric, IReadOnlyList<StepSnapshot> steps)
    {
        var ok = steps.Sum(s => s.Ok);
        var failed = steps.Sum(s => s.Failed);
        return metric switch
        {
            ThresholdMetric.FailPercent => ok + failed == 0 ? 0 : 100.0 * failed / (ok + failed),
            ThresholdMetric.Rps => steps.Sum(s => s.Rps),
            ThresholdMetric.Ok => ok,
            _ => failed,
        };
    }
}
