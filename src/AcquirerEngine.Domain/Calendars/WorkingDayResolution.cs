namespace AcquirerEngine.Domain.Calendars;

/// <summary>
/// Whether a date counts as a working day for a computation that must go on even when the year is not
/// loaded. <see cref="Provisional"/> is true when the answer came from the Mon-Fri rule, not the calendar.
/// </summary>
public readonly record struct WorkingDayResolution(bool IsWorking, bool Provisional);
