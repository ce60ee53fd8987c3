namespace AcquirerEngine.Domain.Calendars;

/// <summary>
/// A date found by walking the calendar. <see cref="Provisional"/> is true when any year crossed on the way
/// was not loaded, so the date rests on the weekday rule and may move when operators load that year.
/// </summary>
public readonly record struct ResolvedDate(DateOnly Date, bool Provisional);
