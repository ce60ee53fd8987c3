using AcquirerEngine.Domain.Calendars;
using AcquirerEngine.Domain.Channels;

namespace AcquirerEngine.Grains.Channels;

/// <summary>
/// A rail's last computed status, given again while every input is the same: the same local instant (ticks and
/// kind), the same configuration and calendar objects (both immutable, replaced whole), the same maintenance windows
/// (immutable records) in the same list, and the same search horizon. At the nightly run every merchant's enqueue
/// asks the rail at one simulated instant, and every merchant's routing asks each rail too; each built the status
/// with its reason text and next opening again. <see cref="ChannelSchedule.StateAt"/> is a function of those inputs,
/// so the answer is the same. Safe from any thread: the remembered entry is immutable and replaced whole; two callers
/// that miss at once both build it.
/// </summary>
public sealed class ChannelStatusMemo
{
    private Entry? _last;
    private long _built;

    /// <summary>Statuses built rather than given again.</summary>
    public long Built => Interlocked.Read(ref _built);

    public ChannelStatus StatusAt(
        ChannelConfig config, IReadOnlyList<MaintenanceWindow> windows, HolidayCalendar calendar, DateTime local, TimeSpan? searchHorizon = null)
    {
        ArgumentNullException.ThrowIfNull(windows);
        var horizon = searchHorizon ?? ChannelSchedule.DefaultSearchHorizon;
        if (Volatile.Read(ref _last) is { } last && last.Matches(config, windows, calendar, local, horizon))
        {
            return last.Status;
        }

        var status = ChannelSchedule.StateAt(config, windows, calendar, local, horizon);
        Interlocked.Increment(ref _built);
        Volatile.Write(ref _last, new Entry(config, windows, windows.Count == 0 ? [] : [.. windows], calendar, local, horizon, status));
        return status;
    }

    private sealed record Entry(
        ChannelConfig Config,
        IReadOnlyList<MaintenanceWindow> WindowList,
        MaintenanceWindow[] Windows,
        HolidayCalendar Calendar,
        DateTime Local,
        TimeSpan SearchHorizon,
        ChannelStatus Status)
    {
        public bool Matches(
            ChannelConfig config, IReadOnlyList<MaintenanceWindow> windows, HolidayCalendar calendar, DateTime local, TimeSpan searchHorizon)
        {
            if (!ReferenceEquals(config, Config)
                || !ReferenceEquals(calendar, Calendar)
                || !ReferenceEquals(windows, WindowList)
                || local.Ticks != Local.Ticks
                || local.Kind != Local.Kind
                || searchHorizon != SearchHorizon
                || windows.Count != Windows.Length)
            {
                return false;
            }

            // Item by item: a window added to or replaced in the same list is seen at once.
            for (var i = 0; i < Windows.Length; i++)
            {
                if (!ReferenceEquals(windows[i], Windows[i]))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
