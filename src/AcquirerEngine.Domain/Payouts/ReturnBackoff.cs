using AcquirerEngine.Domain.Calendars;

namespace AcquirerEngine.Domain.Payouts;

/// <summary>
/// Back-off after payouts returned for an account-level reason (frozen or closed beneficiary account): sending
/// the same money to the same account every day only bounces it again. The first such return is retried by the
/// next run, as any return is (the account may be fixed overnight); each further consecutive one doubles the
/// wait in working days (2, 4, 8, ...) up to a bound. The money stays in the returned bucket meanwhile. A credit
/// ends the episode; so does an operator acting on the account. Pure: dates and the calendar are inputs.
/// </summary>
public sealed record ReturnBackoff
{
    /// <summary>Account-level returns in a row (no credit in between).</summary>
    public int ConsecutiveReturns { get; init; }

    /// <summary>The bank's reason for the latest return.</summary>
    public string Reason { get; init; } = "";

    /// <summary>The first settlement run date that may pay this account again.</summary>
    public DateOnly ResumeOn { get; init; }

    /// <summary>True when the bank's reason names the account itself (one of <paramref name="accountLevelReasons"/>, case-insensitive).</summary>
    public static bool IsAccountLevel(string? reason, IReadOnlyList<string> accountLevelReasons)
    {
        ArgumentNullException.ThrowIfNull(accountLevelReasons);
        return !string.IsNullOrWhiteSpace(reason)
            && accountLevelReasons.Any(r => !string.IsNullOrWhiteSpace(r) && reason.Contains(r, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Working days to wait after the <paramref name="consecutiveReturns"/>-th return in a row: 0, 2, 4, 8, ... at most <paramref name="maxWorkingDays"/>.</summary>
    public static int WorkingDaysToWait(int consecutiveReturns, int maxWorkingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxWorkingDays);
        if (consecutiveReturns <= 1)
        {
            return 0;
        }

        var doubling = 1L << Math.Min(consecutiveReturns - 1, 30);
        return (int)Math.Min(doubling, maxWorkingDays);
    }

    /// <summary>The back-off after one more account-level return on <paramref name="returnedOn"/>.</summary>
    public static ReturnBackoff After(ReturnBackoff? previous, string reason, DateOnly returnedOn, HolidayCalendar calendar, int maxWorkingDays)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        var consecutive = (previous?.ConsecutiveReturns ?? 0) + 1;
        var wait = WorkingDaysToWait(consecutive, maxWorkingDays);
        var resume = returnedOn.AddDays(1);
        for (var counted = 0; counted < wait; resume = resume.AddDays(1))
        {
            if (calendar.Resolve(resume).IsWorking)
            {
                counted++;
                if (counted == wait)
                {
                    break;
                }
            }
        }

        // Never earlier than an earlier back-off promised (a return of an older payout arriving late).
        if (previous is not null && previous.ResumeOn > resume)
        {
            resume = previous.ResumeOn;
        }

        return new ReturnBackoff { ConsecutiveReturns = consecutive, Reason = reason ?? "", ResumeOn = resume };
    }
}
