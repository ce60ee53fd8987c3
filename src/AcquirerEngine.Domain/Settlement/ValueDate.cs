using AcquirerEngine.Domain.Calendars;

namespace AcquirerEngine.Domain.Settlement;

/// <summary>
/// The day a clearing date's net is due to the merchant. <see cref="Provisional"/> is true when a calendar
/// year needed for the answer is not loaded yet: the date follows the weekday rule and may move.
/// </summary>
public sealed record ValueDate(DateOnly ClearingDate, SettlementCycle Cycle, DateOnly Date, bool Provisional)
{
    public ResolvedDate AsResolved() => new(Date, Provisional);
}
