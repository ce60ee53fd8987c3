using AcquirerEngine.Domain.Calendars;

namespace AcquirerEngine.Domain.Channels;

/// <summary>
/// Gives what <see cref="ChannelSchedule.StateAt"/> gives for the same arguments; lets a caller that routes many
/// payouts at one instant hand the router statuses it already built instead of building them per payout.
/// </summary>
public delegate ChannelStatus ChannelStatusSource(
    ChannelConfig config, IReadOnlyList<MaintenanceWindow> windows, HolidayCalendar calendar, DateTime localTime, TimeSpan searchHorizon);
