using AcquirerEngine.Domain.Calendars;

namespace AcquirerEngine.Domain.Settlement;

/// <summary>R3: value dates from a clearing date, a cycle and the working-day calendar.</summary>
public static class ValueDates
{
    public static ValueDate For(DateOnly clearingDate, SettlementCycle cycle, HolidayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return cycle switch
        {
            // D+1 ignores the calendar on purpose, so it is never provisional.
            SettlementCycle.D1 => new ValueDate(clearingDate, cycle, clearingDate.AddDays(1), Provisional: false),
            SettlementCycle.T0 => From(clearingDate, cycle, calendar.FirstWorkingDayOnOrAfter(clearingDate)),
            SettlementCycle.T1 => From(clearingDate, cycle, NthWorkingDayAfter(clearingDate, 1, calendar)),
            SettlementCycle.T2 => From(clearingDate, cycle, NthWorkingDayAfter(clearingDate, 2, calendar)),
            SettlementCycle.T3 => From(clearingDate, cycle, NthWorkingDayAfter(clearingDate, 3, calendar)),
            _ => throw new InvariantViolationException($"unknown settlement cycle {cycle}"),
        };
    }

    /// <summary>Clearing date of <paramref name="localTime"/> under the cut-off, then <see cref="For"/>.</summary>
    public static ValueDate ForSale(DateTime localTime, CutOffPolicy cutOff, SettlementCycle cycle, HolidayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(cutOff);
        return For(cutOff.ClearingDate(localTime), cycle, calendar);
    }

    /// <summary>The n-th working day strictly after <paramref name="date"/> (n >= 1).</summary>
    public static ResolvedDate NthWorkingDayAfter(DateOnly date, int n, HolidayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        Invariant.Require(n >= 1, "T+n needs n >= 1");
        var provisional = false;
        var current = date;
        for (var i = 0; i < n; i++)
        {
            var next = calendar.NextWorkingDayAfter(current);
            provisional |= next.Provisional;
            current = next.Date;
        }

        return new ResolvedDate(current, provisional);
    }

    private static ValueDate From(DateOnly clearingDate, SettlementCycle cycle, ResolvedDate resolved) =>
        new(clearingDate, cycle, resolved.Date, resolved.Provisional);
}
