namespace AcquirerEngine.Benchmarks.Reporting;

/// <summary>
/// Sums the runtime's GC events of a window into <see cref="GcWindowFigures"/>. The events arrive in the order the
/// runtime raised them (suspend, start, end, heap stats, restart); a pause (suspend to restart) belongs to the
/// collection that started inside it, or, with none, to the background collection in progress (its final mark).
/// Events stamped outside [start, end] are ignored: a listener hears them late, after the window has closed.
/// </summary>
public sealed class GcWindowTally
{
    private const int BackgroundType = 1;
    private const int FullDepth = 2;

    private readonly object _gate = new();
    private readonly DateTime _start;
    private readonly int[] _collections = new int[Kinds];
    private readonly double[] _pauseSeconds = new double[Kinds];
    private readonly double[] _maxPauseSeconds = new double[Kinds];
    private readonly long[] _promotedBytes = new long[Kinds];
    private readonly double[] _suspendSeconds = new double[Kinds];
    private readonly Dictionary<string, long>[] _markedBytes = [.. Enum.GetValues<GcKind>().Select(_ => new Dictionary<string, long>(StringComparer.Ordinal))];
    private DateTime _end = DateTime.MaxValue;
    private DateTime? _suspendedAt;
    private GcKind? _startedInSuspension;
    private double _suspendingSeconds;
    private GcKind? _marking;
    private bool _backgroundRunning;
    private GcKind? _lastEnded;
    private double _unattributedPauseSeconds;
    private long[] _sizesAfterFirst = [];
    private long[] _sizesAfterLast = [];

    public GcWindowTally(DateTime startUtc) => _start = startUtc;

    private static int Kinds => Enum.GetValues<GcKind>().Length;

    /// <summary>Events stamped after <paramref name="endUtc"/> no longer count.</summary>
    public void EndAt(DateTime endUtc)
    {
        lock (_gate)
        {
            _end = endUtc;
        }
    }

    public void Suspending(DateTime atUtc)
    {
        lock (_gate)
        {
            if (InWindow(atUtc))
            {
                _suspendedAt = atUtc;
                _startedInSuspension = null;
                _suspendingSeconds = 0;
            }
        }
    }

    /// <param name="depth">The oldest generation condemned (0, 1 or 2).</param>
    /// <param name="type">The runtime's GC type: 0 blocking, 1 background, 2 blocking during a background collection.</param>
    public void Started(DateTime atUtc, int depth, int type)
    {
        lock (_gate)
        {
            if (!InWindow(atUtc))
            {
                return;
            }

            var kind = depth switch
            {
                0 => GcKind.Gen0,
                1 => GcKind.Gen1,
                _ => type == BackgroundType ? GcKind.Gen2Background : GcKind.Gen2Blocking,
            };
            _collections[(int)kind]++;
            _marking = kind;
            _backgroundRunning |= kind == GcKind.Gen2Background;
            if (_suspendedAt is not null)
            {
                _startedInSuspension ??= kind;
            }
        }
    }

    /// <summary>Every thread stopped: the pause's suspension part ends here.</summary>
    public void Suspended(DateTime atUtc)
    {
        lock (_gate)
        {
            if (InWindow(atUtc) && _suspendedAt is { } suspendedAt)
            {
                _suspendingSeconds = (atUtc - suspendedAt).TotalSeconds;
            }
        }
    }

    /// <summary>The collection being marked found <paramref name="bytes"/> alive from <paramref name="root"/>.</summary>
    public void Marked(DateTime atUtc, string root, long bytes)
    {
        lock (_gate)
        {
            if (InWindow(atUtc) && _marking is { } kind)
            {
                var marked = _markedBytes[(int)kind];
                marked[root] = marked.GetValueOrDefault(root) + bytes;
            }
        }
    }

    public void Ended(DateTime atUtc, int depth)
    {
        lock (_gate)
        {
            if (!InWindow(atUtc))
            {
                return;
            }

            _lastEnded = depth switch
            {
                0 => GcKind.Gen0,
                1 => GcKind.Gen1,
                _ => _backgroundRunning ? GcKind.Gen2Background : GcKind.Gen2Blocking,
            };
            if (depth >= FullDepth)
            {
                _backgroundRunning = false;
            }
        }
    }

    /// <summary>The heap after the collection that just ended: bytes per generation and bytes promoted out of each.</summary>
    public void HeapAfter(DateTime atUtc, IReadOnlyList<long> generationBytes, IReadOnlyList<long> promotedBytes)
    {
        ArgumentNullException.ThrowIfNull(generationBytes);
        ArgumentNullException.ThrowIfNull(promotedBytes);
        lock (_gate)
        {
            if (!InWindow(atUtc) || _lastEnded is not { } kind)
            {
                return;
            }

            _promotedBytes[(int)kind] += promotedBytes.Sum();
            _sizesAfterLast = [.. generationBytes];
            if (_sizesAfterFirst.Length == 0)
            {
                _sizesAfterFirst = _sizesAfterLast;
            }
        }
    }

    public void Restarted(DateTime atUtc)
    {
        lock (_gate)
        {
            if (!InWindow(atUtc) || _suspendedAt is not { } suspendedAt)
            {
                return;
            }

            var seconds = (atUtc - suspendedAt).TotalSeconds;
            _suspendedAt = null;
            var kind = _startedInSuspension ?? (_backgroundRunning ? GcKind.Gen2Background : (GcKind?)null);
            if (kind is not { } attributed)
            {
                _unattributedPauseSeconds += seconds;
                return;
            }

            _pauseSeconds[(int)attributed] += seconds;
            _suspendSeconds[(int)attributed] += _suspendingSeconds;
            _maxPauseSeconds[(int)attributed] = Math.Max(_maxPauseSeconds[(int)attributed], seconds);
        }
    }

    public GcWindowFigures Figures()
    {
        lock (_gate)
        {
            return new GcWindowFigures
            {
                ByKind = Enum.GetValues<GcKind>().ToDictionary(kind => kind, KindFigures),
                UnattributedPauseSeconds = Math.Round(_unattributedPauseSeconds, 4),
                GenerationBytesAfterFirst = _sizesAfterFirst,
                GenerationBytesAfterLast = _sizesAfterLast,
            };
        }
    }

    private GcKindFigures KindFigures(GcKind kind)
    {
        var i = (int)kind;
        return new GcKindFigures
        {
            Collections = _collections[i],
            PauseSeconds = Math.Round(_pauseSeconds[i], 4),
            SuspendSeconds = Math.Round(_suspendSeconds[i], 4),
            MaxPauseMilliseconds = Math.Round(_maxPauseSeconds[i] * 1000, 2),
            PromotedBytesPerCollection = _collections[i] > 0 ? _promotedBytes[i] / _collections[i] : 0,
            MarkedBytesPerCollectionByRoot = _markedBytes[i].ToDictionary(
                root => root.Key, root => _collections[i] > 0 ? root.Value / _collections[i] : 0, StringComparer.Ordinal),
        };
    }

    private bool InWindow(DateTime atUtc) => atUtc >= _start && atUtc <= _end;
}
