using AcquirerEngine.Domain.Calendars;

namespace AcquirerEngine.Grains.Calendars;

/// <summary>
/// The holiday calendar every grain reads. The calendar is immutable, so readers take a snapshot without
/// locking; the calendar grain (its only writer) replaces it when an operator loads a year.
/// </summary>
public sealed class CalendarSource(HolidayCalendar initial)
{
    private HolidayCalendar _current = initial;

    public HolidayCalendar Current => Volatile.Read(ref _current);

    public void Replace(HolidayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        Volatile.Write(ref _current, calendar);
    }
}
