using System.Runtime.CompilerServices;
using AcquirerEngine.Domain.Calendars;
using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Runtime;

namespace AcquirerEngine.Grains.Channels;

/// <summary>
/// The rails' statuses as the merchants' settlement runs of one engine route with them: one
/// <see cref="ChannelStatusMemo"/> per rail kind, so the 100,000 runs of 00:30 build each rail's status and reason
/// text once instead of once per payout. Safe from any thread, as the memo is.
/// </summary>
public sealed class SharedChannelStatuses
{
    // One per engine (its grain factory), so two engines in one process (tests, a restart) never share answers.
    private static readonly ConditionalWeakTable<IGrainFactory, SharedChannelStatuses> PerEngine = [];

    private readonly ChannelStatusMemo[] _byKind =
        [.. Enumerable.Range(0, Enum.GetValues<ChannelKind>().Max(kind => (int)kind) + 1).Select(_ => new ChannelStatusMemo())];

    /// <summary>Statuses built (what the sharing saves is the routed payouts times the rails considered, minus this).</summary>
    public long Built => _byKind.Sum(memo => memo.Built);

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
        var slot = (int)config.Kind;
        return slot >= 0 && slot < _byKind.Length
            ? _byKind[slot].StatusAt(config, windows, calendar, localTime, searchHorizon)
            : ChannelSchedule.StateAt(config, windows, calendar, localTime, searchHorizon);
    }
}
