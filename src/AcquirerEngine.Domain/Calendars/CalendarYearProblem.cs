namespace AcquirerEngine.Domain.Calendars;

/// <summary>Why an operator-supplied calendar year was refused. The year is refused as a whole.</summary>
public enum CalendarYearProblem
{
    /// <summary>A holiday or make-up date lies outside the year it is filed under.</summary>
    DateOutsideYear = 1,

    /// <summary>The same date is listed as a holiday and as a make-up working day.</summary>
    DateBothHolidayAndMakeUp = 2,

    /// <summary>A make-up working day that is already Mon-Fri: a mistyped date, since it would change nothing.</summary>
    MakeUpDayNotWeekend = 3,

    /// <summary>The year is outside the range DateOnly can step through safely (1..9998).</summary>
    YearOutOfRange = 4,
}
