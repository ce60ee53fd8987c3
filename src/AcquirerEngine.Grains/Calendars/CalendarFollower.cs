using AcquirerEngine.Domain.Calendars;
using AcquirerEngine.Runtime;

namespace AcquirerEngine.Grains.Calendars;

/// <summary>
/// Keeps a node's <see cref="CalendarSource"/> equal to the calendar grain's years when that grain may live on
/// another node (a cluster): the grain publishes only into the source of the node it runs on, so every other node
/// asks it for the years and replaces its own source when any year's version changed.
/// </summary>
public sealed class CalendarFollower(IGrainFactory grains, CalendarSource source, string calendarKey = CalendarGrain.ChinaMainlandKey)
{
    /// <summary>Reads the grain's years once; returns true when the local source was replaced.</summary>
    public async Task<bool> RefreshAsync()
    {
        var years = await grains.GetGrain<ICalendarGrain>(calendarKey).ListYearsAsync();
        var current = source.Current.Years;
        var unchanged = years.Count == current.Count
            && years.OrderBy(y => y.Year).Zip(current.OrderBy(y => y.Year)).All(p => p.First.Year == p.Second.Year && p.First.Version == p.Second.Version);
        if (unchanged)
        {
            return false;
        }

        source.Replace(HolidayCalendar.Restore(years));
        return true;
    }
}
