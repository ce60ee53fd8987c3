namespace AcquirerEngine.Domain.Calendars;

/// <summary>
/// R2 answer for one date. <see cref="YearNotLoaded"/> exists so a caller can say "provisional" instead of
/// the calendar silently guessing from the weekday rule for a year the operators have not published.
/// </summary>
public enum WorkingDayAnswer
{
    Working = 1,
    NonWorking = 2,
    YearNotLoaded = 3,
}
