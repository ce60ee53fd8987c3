using AcquirerEngine.LoadTests.Books;
using AcquirerEngine.LoadTests.Running;
using AcquirerEngine.LoadTests.Stats;
using AcquirerEngine.LoadTests.Thresholds;

namespace AcquirerEngine.LoadTests.Reports;

/// <summary>Everything a run produced: what was run against what, the steps' results, thresholds and books.</summary>
public sealed record RunReport(
    string Scenario,
    string Description,
    int Seed,
    string Target,
    string StartedUtc,
    IReadOnlyList<string> Stages,
    RunTimeline Timeline,
    IReadOnlyList<StepSnapshot> Steps,
    IReadOnlyList<ThresholdResult> Thresholds,
    BookCheckResult? Books,
    string? Error)
{
    public bool ThresholdsPassed => Thresholds.All(t => t.Passed);

    public bool BooksPassed => Books?.Passed ?? false;
}
