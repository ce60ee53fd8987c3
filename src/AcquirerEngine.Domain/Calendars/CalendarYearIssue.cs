namespace AcquirerEngine.Domain.Calendars;

/// <summary>One refused date (or the year itself, when <see cref="Date"/> is null) and why.</summary>
public sealed record CalendarYearIssue(CalendarYearProblem Problem, DateOnly? Date);
