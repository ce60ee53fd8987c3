namespace AcquirerEngine.LoadTests.Load;

/// <summary>
/// Hands out an open stage's injections as they fall due on a <see cref="TimeProvider"/>'s monotonic
/// clock: the runner asks what is due now, sends it, and sleeps until <see cref="NextDue"/>. A late
/// wake-up sends everything that fell due meanwhile at once, each still stamped with its intended time.
/// Times are offsets from the stage's start.
/// </summary>
public sealed class OpenPacer
{
    private readonly IEnumerator<TimeSpan> _offsets;
    private readonly TimeProvider _time;
    private readonly long _start;
    private bool _hasNext;

    public OpenPacer(LoadStage stage, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(stage);
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _start = time.GetTimestamp();
        _offsets = InjectionSchedule.Offsets(stage).GetEnumerator();
        _hasNext = _offsets.MoveNext();
    }

    public bool Done => !_hasNext;

    /// <summary>How long since the stage started.</summary>
    public TimeSpan Elapsed => _time.GetElapsedTime(_start);

    /// <summary>The intended offset of the next injection not yet handed out (null when done).</summary>
    public TimeSpan? NextDue => _hasNext ? _offsets.Current : null;

    /// <summary>Every injection due by now, as intended offsets from the stage's start, in order.</summary>
    public IReadOnlyList<TimeSpan> TakeDue()
    {
        var now = Elapsed;
        var due = new List<TimeSpan>();
        while (_hasNext && _offsets.Current <= now)
        {
            due.Add(_offsets.Current);
            _hasNext = _offsets.MoveNext();
        }

        return due;
    }
}
