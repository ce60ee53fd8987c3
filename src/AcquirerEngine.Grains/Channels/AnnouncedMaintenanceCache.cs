using System.Runtime.CompilerServices;
using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Runtime;

namespace AcquirerEngine.Grains.Channels;

/// <summary>
/// The maintenance windows the rails announced, as the settlement runs of one engine see them: asked of the
/// rails at most once per <see cref="FreshFor"/> of engine time and the answer shared. Without it every merchant
/// run asks every rail (100,000 runs at 00:30 queue 400,000 status calls behind the rails' enqueues). A rail of
/// this engine that schedules or cancels a window drops the shared answer at once, so a run never routes on
/// windows older than the last change made through this engine; a change made through another node is seen
/// within <see cref="FreshFor"/>, as if it had arrived that much later.
/// </summary>
public sealed class AnnouncedMaintenanceCache
{
    /// <summary>How long (engine time) one answer serves later runs.</summary>
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(1);

    // One per engine (its grain factory), so two engines in one process (tests, a restart) never share answers.
    private static readonly ConditionalWeakTable<IGrainFactory, AnnouncedMaintenanceCache> PerEngine = [];

    private readonly object _lock = new();

    // Read without the lock on the hot path (every merchant run); replaced whole under it.
    private volatile AnnouncedMaintenanceAnswer? _answer;
    private long _asked;

    /// <summary>Times the rails were asked (what the cache saves is the runs minus this).</summary>
    public long Asked => Interlocked.Read(ref _asked);

    public static AnnouncedMaintenanceCache For(IGrainFactory engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return PerEngine.GetValue(engine, _ => new AnnouncedMaintenanceCache());
    }

    /// <summary>
    /// The shared answer when it was asked less than <see cref="FreshFor"/> before <paramref name="nowUtc"/> and did
    /// not fail; otherwise <paramref name="ask"/> is called (outside the lock) and its answer shared from now on.
    /// </summary>
    public Task<IReadOnlyList<MaintenanceWindow>> GetAsync(DateTimeOffset nowUtc, Func<Task<IReadOnlyList<MaintenanceWindow>>> ask)
    {
        ArgumentNullException.ThrowIfNull(ask);

        // The fresh answer is read lock-free: 100,000 runs at 00:30 otherwise queue on one lock for the same answer.
        if (_answer is { } fresh && fresh.ServesAt(nowUtc, FreshFor))
        {
            return fresh.Windows.Value;
        }

        AnnouncedMaintenanceAnswer answer;
        lock (_lock)
        {
            answer = _answer is { } held && held.ServesAt(nowUtc, FreshFor) ? held : Ask(nowUtc, ask);
        }

        return answer.Windows.Value;
    }

    private AnnouncedMaintenanceAnswer Ask(DateTimeOffset nowUtc, Func<Task<IReadOnlyList<MaintenanceWindow>>> ask)
    {
        var answer = new AnnouncedMaintenanceAnswer(ask, nowUtc);
        _answer = answer;
        Interlocked.Increment(ref _asked);
        return answer;
    }

    /// <summary>A rail's windows changed: the next run asks again.</summary>
    public void Invalidate()
    {
        lock (_lock)
        {
            _answer = null;
        }
    }
}
