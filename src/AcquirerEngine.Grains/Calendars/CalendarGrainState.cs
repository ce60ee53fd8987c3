using AcquirerEngine.Domain.Calendars;

namespace AcquirerEngine.Grains.Calendars;

/// <summary>The loaded calendar years with their versions (HolidayCalendar.Years), as persisted.</summary>
public sealed class CalendarGrainState
{
    public List<HolidayCalendarYear> Years { get; set; } = [];
}
