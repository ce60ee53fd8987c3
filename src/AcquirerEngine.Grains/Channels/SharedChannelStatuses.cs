using System.Runtime.CompilerServices;
using AcquirerEngine.Domain.Calendars;
using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Runtime;

namespace AcquirerEngine.Grains.Channels;

/// <summary>
/// The rails' statuses as the merchants' settlement runs of one engine route with them: the last status built per
/// rail is given again while every input is the same (the instant by ticks and kind, the configuration, calendar
/// and maintenance windows by reference, the windows' items too, and the search horizon), so the 100,000 runs of
/// 00:30 build each rail's status and reason text once instead of once per payout. Every input is immutable or
/// compared item by item, so the answer is what <see cref="ChannelSchedule.StateAt"/> gives for it.
/// Safe from any thread: an entry is immutable and replaced whole; two runs that miss at once both build it.
/// </summary>
public sealed class SharedChannelStatuses
{
    // One per engine (its grain factory), so two engines in one process (tests, a restart) never share answers.
    private static readonly ConditionalWeakTable<IGrainFactory, SharedChannelStatuses> PerEngine = [];

    private readonly Entry?[] _lastByKind = new Entry?[Enum.GetValues<ChannelKind>().Max(kind => (int)kind) + 1];
    private long _built;

    /// <summary>Statuses built (what the sharing saves is the routed payouts times the rails considered, minus this).</summary>
    public long Built => Interlocked.Read(ref _built);

    public static SharedChannelStatuses For(IGrainFactory engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return PerEngine.GetValue(engine, _ => new SharedChannelStatuses());
    }

    /// <summary>A <see cref="ChannelStatusSource"/> for <see cref="PayoutRouting.Route"/>.</summary>
    public ChannelStatus StatusAt(
        ChannelConfig config, IReadOnlyList<MaintenanceWindow> windows, HolidayCalendar calendar, DateTime localTime, TimeSpan searchHorizon)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(windows);
        var slot = (int)config.Kind;
        if (slot < 0 || slot >= _lastByKind.Length)
        {
            return ChannelSchedule.StateAt(config, windows, calendar, localTime, searchHorizon);
        }

        if (Volatile.Read(ref _lastByKind[slot]) is { } last && last.Matches(config, windows, calendar, localTime, searchHorizon))
        {
            return last.Status;
        }

        var status = ChannelSchedule.StateAt(config, windows, calendar, localTime, searchHorizon);
        Interlocked.Increment(ref _built);
        Volatile.Write(ref _lastByKind[slot], new Entry(config, windows, [.. windows], calendar, localTime, searchHorizon, status));
        return status;
    }

    private sealed record Entry(
        ChannelConfig Config,
        IReadOnlyList<MaintenanceWindow> WindowList,
        MaintenanceWindow[] Windows,
        HolidayCalendar Calendar,
        DateTime LocalTime,
        TimeSpan SearchHorizon,
        ChannelStatus Status)
    {
        public bool Matches(
            ChannelConfig config, IReadOnlyList<MaintenanceWindow> windows, HolidayCalendar calendar, DateTime localTime, TimeSpan searchHorizon)
        {
            if (!ReferenceEquals(config, Config)
                || !ReferenceEquals(calendar, Calendar)
                || !ReferenceEquals(windows, WindowList)
                || localTime.Ticks != LocalTime.Ticks
                || localTime.Kind != LocalTime.Kind
                || searchHorizon != SearchHorizon
                || windows.Count != Windows.Length)
            {
                return false;
            }

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
