namespace AcquirerEngine.LoadTests.Running;

/// <summary>How long the run's measured part lasted and what happened in it besides the steps.</summary>
public sealed record RunTimeline(double MeasuredSeconds, double WarmupSeconds, IReadOnlyList<EventOutcome> Events, long Saturated);
