namespace AcquirerEngine.Cluster.Tests.Routing;

/// <summary>The reminder ticks <see cref="ChimeGrain"/>s received, in order.</summary>
public sealed class ChimeTicks
{
    private readonly List<(string Key, string Name, DateTimeOffset Tick)> _ticks = [];

    public IReadOnlyList<(string Key, string Name, DateTimeOffset Tick)> All
    {
        get
        {
            lock (_ticks)
            {
                return [.. _ticks];
            }
        }
    }

    public void Add(string key, string name, DateTimeOffset tick)
    {
        lock (_ticks)
        {
            _ticks.Add((key, name, tick));
        }
    }
}
