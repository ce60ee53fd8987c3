using AcquirerEngine.Domain.Calendars;
using AcquirerEngine.Domain.Channels;

namespace AcquirerEngine.Grains.Channels;

/// <summary>
/// A rail's last computed status, given again while every input is the same: the same local instant (ticks and
/// kind), the same configuration and calendar objects (both immutable, replaced whole) and the same maintenance
/// windows (immutable records) in the same list. At the nightly run every merchant's enqueue asks the rail at one
/// simulated instant, and each built the status with its reason text and next opening again, inside the rail's
/// single-threaded turn. <see cref="ChannelSchedule.StateAt"/> is a function of those inputs, so the answer is the same.
/// </summary>
public sealed class ChannelStatusMemo
{
    private ChannelStatus? _status;
    private DateTime _local;
    private ChannelConfig? _config;
    private HolidayCalendar? _calendar;
    private List<MaintenanceWindow>? _windowList;
    private MaintenanceWindow[] _windows = [];

    public ChannelStatus StatusAt(ChannelConfig config, List<MaintenanceWindow> windows, HolidayCalendar calendar, DateTime local)
    {
        ArgumentNullException.ThrowIfNull(windows);
        if (_status is { } known
            && local.Ticks == _local.Ticks
            && local.Kind == _local.Kind
            && ReferenceEquals(config, _config)
            && ReferenceEquals(calendar, _calendar)
            && SameWindows(windows))
        {
            return known;
        }

        var status = ChannelSchedule.StateAt(config, windows, calendar, local);
        _status = status;
        _local = local;
        _config = config;
        _calendar = calendar;
        _windowList = windows;
        _windows = windows.Count == 0 ? [] : [.. windows];
        return status;
    }

    private bool SameWindows(List<MaintenanceWindow> windows)
    {
        if (!ReferenceEquals(windows, _windowList) || windows.Count != _windows.Length)
        {
            return false;
        }

        for (var i = 0; i < _windows.Length; i++)
        {
            if (!ReferenceEquals(windows[i], _windows[i]))
            {
                return false;
            }
        }

        return true;
    }
}
