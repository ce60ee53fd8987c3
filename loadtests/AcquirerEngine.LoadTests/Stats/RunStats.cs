using System.Collections.Concurrent;

namespace AcquirerEngine.LoadTests.Stats;

/// <summary>The measured steps of a run, by name; warm-up calls are never recorded here.</summary>
public sealed class RunStats
{
    private readonly ConcurrentDictionary<string, StepStats> _steps = new(StringComparer.Ordinal);

    public StepStats Step(string name) => _steps.GetOrAdd(name, n => new StepStats(n));

    public IReadOnlyList<StepSnapshot> Snapshot(double measuredSeconds) =>
        [.. _steps.Values.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => s.Snapshot(measuredSeconds))];
}
