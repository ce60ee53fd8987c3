using AcquirerEngine.Domain.Calendars;

namespace AcquirerEngine.Domain.Channels;

/// <summary>
/// When a rail is open: hours rule, working-day calendar and maintenance windows together. Pure: the
/// instant is a parameter. Searches are bounded by a horizon (default 60 days) so broken data (say, a
/// window that never ends) yields "no opening found" instead of a hang.
/// </summary>
public static class ChannelSchedule
{
    public static readonly TimeSpan DefaultSearchHorizon = TimeSpan.FromDays(60);

    public static ChannelStatus StateAt(
        ChannelConfig config,
        IReadOnlyList<MaintenanceWindow> windows,
        HolidayCalendar calendar,
        DateTime localTime,
        TimeSpan? searchHorizon = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(calendar);
        Invariant.Require(config.IsValid, $"channel config {config.Kind} is invalid");
        var provisional = false;
        var name = Name(config.Kind);
        var hours = HoursAt(config, calendar, localTime, ref provisional);
        var next = NextOpening(config, windows, calendar, localTime, searchHorizon ?? DefaultSearchHorizon, ref provisional);

        if (hours.Open)
        {
            var window = ActiveWindow(config.Kind, windows, localTime);
            if (window is null)
            {
                var reason = config.Hours == OpeningHoursRule.AlwaysOpen
                    ? $"{name} is open (7x24)"
                    : $"{name} is open, accepting business for {MoneyText.Date(hours.BusinessDate)}";
                return new ChannelStatus(config.Kind, ChannelState.Open, reason, localTime, hours.BusinessDate, null, provisional);
            }

            var kind = window.Kind == MaintenanceKind.Scheduled ? "scheduled maintenance" : "an unscheduled outage";
            var maintenanceReason =
                $"{name} is in {kind} '{window.Reason}' ({Span(window)}); {Reopens(next, localTime)}";
            return new ChannelStatus(
                config.Kind, ChannelState.InMaintenance, maintenanceReason, next?.At, next?.BusinessDate, window, provisional);
        }

        var today = calendar.Resolve(DateOnly.FromDateTime(localTime));
        provisional |= today.Provisional;
        var nextDay = next is { } n ? $", business for the next {name} day {MoneyText.Date(n.BusinessDate)}" : "";
        if (today.IsWorking)
        {
            var byHours =
                $"{name} is closed by hours ({MoneyText.Time(config.ClosesAt)}) {Until(next, localTime)}{nextDay}";
            return new ChannelStatus(config.Kind, ChannelState.ClosedByHours, byHours, next?.At, next?.BusinessDate, null, provisional);
        }

        var forHoliday =
            $"{name} is closed ({MoneyText.Date(DateOnly.FromDateTime(localTime))} is not a working day) "
            + $"{Until(next, localTime)}{nextDay}";
        return new ChannelStatus(config.Kind, ChannelState.ClosedForHoliday, forHoliday, next?.At, next?.BusinessDate, null, provisional);
    }

    /// <summary>Open by hours and calendar and not in maintenance.</summary>
    public static bool IsOpenAt(
        ChannelConfig config, IReadOnlyList<MaintenanceWindow> windows, HolidayCalendar calendar, DateTime localTime)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(calendar);
        var provisional = false;
        return HoursAt(config, calendar, localTime, ref provisional).Open && ActiveWindow(config.Kind, windows, localTime) is null;
    }

    /// <summary>
    /// The per-item cap in force at <paramref name="localTime"/>: the non-working-day cap on holidays and
    /// non-working weekends when one is configured, else the working-day cap. Null = no cap.
    /// </summary>
    public static long? PerItemCapAt(ChannelConfig config, HolidayCalendar calendar, DateTime localTime)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(calendar);
        if (config.PerItemCapMinor is null)
        {
            return null;
        }

        var day = calendar.Resolve(DateOnly.FromDateTime(localTime));
        return !day.IsWorking && config.NonWorkingDayPerItemCapMinor is { } holidayCap ? holidayCap : config.PerItemCapMinor;
    }

    /// <summary>
    /// R4: the working day a payout sent at <paramref name="localTime"/> is value-dated on. HVPS accepts business
    /// for working day T from 20:30 of the previous calendar day, so a send in that night session counts for T,
    /// not for the evening's calendar date. 7x24 rails (and a rail that is closed by hours) use the calendar date.
    /// </summary>
    public static DateOnly BusinessDateAt(ChannelConfig config, HolidayCalendar calendar, DateTime localTime)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(calendar);
        var provisional = false;
        var hours = HoursAt(config, calendar, localTime, ref provisional);
        return hours.Open ? hours.BusinessDate : DateOnly.FromDateTime(localTime);
    }

    /// <summary>The first open instant at or after <paramref name="from"/>, or null within the horizon.</summary>
    public static DateTime? NextOpening(
        ChannelConfig config,
        IReadOnlyList<MaintenanceWindow> windows,
        HolidayCalendar calendar,
        DateTime from,
        TimeSpan? searchHorizon = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(windows);
        ArgumentNullException.ThrowIfNull(calendar);
        var provisional = false;
        return NextOpening(config, windows, calendar, from, searchHorizon ?? DefaultSearchHorizon, ref provisional)?.At;
    }

    internal static (DateTime At, DateOnly BusinessDate)? NextOpening(
        ChannelConfig config,
        IReadOnlyList<MaintenanceWindow> windows,
        HolidayCalendar calendar,
        DateTime from,
        TimeSpan horizon,
        ref bool provisional)
    {
        var limit = from + horizon;
        var candidate = from;
        while (candidate <= limit)
        {
            var byHours = NextOpeningByHours(config, calendar, candidate, limit, ref provisional);
            if (byHours is null)
            {
                return null;
            }

            var window = ActiveWindow(config.Kind, windows, byHours.Value.At);
            if (window is null)
            {
                return byHours;
            }

            // Each step moves strictly forward (End > the covered instant), so the loop ends by the limit.
            candidate = window.End;
        }

        return null;
    }

    private static (DateTime At, DateOnly BusinessDate)? NextOpeningByHours(
        ChannelConfig config, HolidayCalendar calendar, DateTime from, DateTime limit, ref bool provisional)
    {
        if (config.Hours == OpeningHoursRule.AlwaysOpen)
        {
            return (from, DateOnly.FromDateTime(from));
        }

        // Windows for successive working days are ordered, so the first working day whose window has not
        // ended yet holds the answer: either we are inside it or it is the next one to start.
        for (var businessDay = DateOnly.FromDateTime(from); ; businessDay = businessDay.AddDays(1))
        {
            var opens = businessDay.AddDays(-1).ToDateTime(config.OpensPreviousDayAt);
            if (opens > limit)
            {
                return null;
            }

            var closes = businessDay.ToDateTime(config.ClosesAt);
            if (closes <= from)
            {
                continue;
            }

            var day = calendar.Resolve(businessDay);
            provisional |= day.Provisional;
            if (day.IsWorking)
            {
                return (opens > from ? opens : from, businessDay);
            }
        }
    }

    private static (bool Open, DateOnly BusinessDate) HoursAt(
        ChannelConfig config, HolidayCalendar calendar, DateTime localTime, ref bool provisional)
    {
        var date = DateOnly.FromDateTime(localTime);
        if (config.Hours == OpeningHoursRule.AlwaysOpen)
        {
            return (true, date);
        }

        // Only today's window (it opened yesterday evening) or tomorrow's (it opens this evening) can cover now.
        foreach (var businessDay in new[] { date, date.AddDays(1) })
        {
            var opens = businessDay.AddDays(-1).ToDateTime(config.OpensPreviousDayAt);
            var closes = businessDay.ToDateTime(config.ClosesAt);
            if (localTime < opens || localTime >= closes)
            {
                continue;
            }

            var day = calendar.Resolve(businessDay);
            provisional |= day.Provisional;
            if (day.IsWorking)
            {
                return (true, businessDay);
            }
        }

        return (false, date);
    }

    private static MaintenanceWindow? ActiveWindow(ChannelKind channel, IReadOnlyList<MaintenanceWindow> windows, DateTime localTime)
    {
        MaintenanceWindow? latestEnding = null;
        foreach (var window in windows)
        {
            if (window.Channel != channel)
            {
                continue;
            }

            Invariant.Require(window.IsValid, $"maintenance window '{window.Id}' ends before it starts");
            // Of overlapping windows, the one ending last is the one that decides the reopening.
            if (window.Covers(localTime) && (latestEnding is null || window.End > latestEnding.End))
            {
                latestEnding = window;
            }
        }

        return latestEnding;
    }

    internal static string Name(ChannelKind kind) => kind switch
    {
        ChannelKind.Hvps => "HVPS",
        ChannelKind.Beps => "BEPS",
        ChannelKind.Ibps => "IBPS",
        ChannelKind.SameBank => "same-bank transfer",
        _ => kind.ToString(),
    };

    private static string Span(MaintenanceWindow window) =>
        DateOnly.FromDateTime(window.Start) == DateOnly.FromDateTime(window.End)
            ? $"{MoneyText.Time(TimeOnly.FromDateTime(window.Start))}-{MoneyText.Time(TimeOnly.FromDateTime(window.End))}"
            : $"{window.Start:yyyy-MM-dd HH:mm} to {window.End:yyyy-MM-dd HH:mm}";

    private static string Until((DateTime At, DateOnly BusinessDate)? next, DateTime now) =>
        next is { } n ? $"until {MoneyText.When(n.At, now)}" : "and does not open within the search horizon";

    private static string Reopens((DateTime At, DateOnly BusinessDate)? next, DateTime now) =>
        next is { } n ? $"it reopens {MoneyText.When(n.At, now)}" : "it does not reopen within the search horizon";
}
