namespace AcquirerEngine.Domain.Calendars;

public enum CalendarLoadResult
{
    /// <summary>The year was not loaded before: it is now loaded as version 1.</summary>
    Loaded = 1,

    /// <summary>The year was loaded: the new data replaces it and the version goes up by one.</summary>
    Replaced = 2,

    /// <summary>Validation failed; the calendar is unchanged.</summary>
    Rejected = 3,
}
