using AcquirerEngine.LoadTests.Stats;

namespace AcquirerEngine.LoadTests.Running;

/// <summary>
/// How long the run's measured part lasted and what happened in it besides the steps. <paramref name="StartLag"/>:
/// for the open model's measured iterations, how late each started after its intended send time (the harness's
/// own scheduling and thread-pool delay, included in every step's latency); empty for closed stages.
/// </summary>
public sealed record RunTimeline(
    double MeasuredSeconds,
    double WarmupSeconds,
    IReadOnlyList<EventOutcome> Events,
    long Saturated,
    LatencySummary StartLag);
