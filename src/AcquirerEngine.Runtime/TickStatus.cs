namespace AcquirerEngine.Runtime;

/// <summary>
/// Describes one reminder tick. <paramref name="CurrentTickTime"/> is the scheduled time of the tick,
/// not the time it was delivered: during catch-up after downtime it lies in the past.
/// </summary>
public readonly record struct TickStatus(DateTimeOffset FirstTickTime, TimeSpan Period, DateTimeOffset CurrentTickTime);
