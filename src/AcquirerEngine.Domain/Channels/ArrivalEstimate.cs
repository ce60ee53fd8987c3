using AcquirerEngine.Domain.Calendars;
using AcquirerEngine.Domain.Settlement;

namespace AcquirerEngine.Domain.Channels;

/// <summary>
/// When the money should be on the merchant's account (scenario 16): real-time rails (IBPS, HVPS, same-bank)
/// credit when sent; BEPS credits with the first batch at or after the send instant (batches start at
/// midnight and repeat every <see cref="ChannelConfig.BatchInterval"/>). Nothing arrives before the value
/// date, and (R4) a part sent in the HVPS night session (from 20:30) is value-dated on the next working day.
/// <see cref="ExpectedDate"/> is null when the router found no rail.
/// </summary>
public sealed record ArrivalEstimate(DateOnly? ExpectedDate, DateTime? ExpectedAt, bool Provisional, string Reason)
{
    public static ArrivalEstimate For(
        ValueDate valueDate, RouteDecision decision, IReadOnlyList<ChannelConfig> channels, HolidayCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(valueDate);
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentNullException.ThrowIfNull(calendar);
        var provisional = valueDate.Provisional || decision.Provisional;
        if (decision.Parts.Count == 0)
        {
            return new ArrivalEstimate(null, null, provisional, $"no arrival date: {decision.Reason}");
        }

        DateTime latest = DateTime.MinValue;
        var arrivalDate = DateOnly.MinValue;
        var batched = false;
        var nightSession = false;
        foreach (var part in decision.Parts)
        {
            var config = channels.FirstOrDefault(c => c.Kind == part.Channel);
            var interval = config?.BatchInterval;
            var arrives = interval is { } every ? NextBatch(part.SendAt, every) : part.SendAt;
            batched |= interval is not null;
            latest = arrives > latest ? arrives : latest;
            var partDate = DateOnly.FromDateTime(arrives);
            if (config is not null && ChannelSchedule.BusinessDateAt(config, calendar, part.SendAt) is var business && business > partDate)
            {
                partDate = business;
                nightSession = true;
            }

            arrivalDate = partDate > arrivalDate ? partDate : arrivalDate;
        }

        var expected = arrivalDate > valueDate.Date ? arrivalDate : valueDate.Date;
        var how = batched ? "with the next BEPS batch" : $"when sent by {ChannelSchedule.Name(decision.Parts[^1].Channel)}";
        var night = nightSession ? $" in the HVPS night session, which counts as business of {MoneyText.Date(arrivalDate)}" : "";
        var reason = $"value date {MoneyText.Date(valueDate.Date)}; credited {how} at {latest:yyyy-MM-dd HH:mm}{night}; expected {MoneyText.Date(expected)}"
            + (provisional ? " (provisional: a calendar year it depends on is not loaded)" : "");
        return new ArrivalEstimate(expected, latest, provisional, reason);
    }

    /// <summary>The first batch boundary at or after <paramref name="sentAt"/>, counting from that day's midnight.</summary>
    public static DateTime NextBatch(DateTime sentAt, TimeSpan interval)
    {
        Invariant.Require(interval > TimeSpan.Zero, "a batch interval must be positive");
        var midnight = sentAt.Date;
        var sinceMidnight = sentAt - midnight;
        var batches = (sinceMidnight.Ticks + interval.Ticks - 1) / interval.Ticks;
        return midnight + TimeSpan.FromTicks(batches * interval.Ticks);
    }
}
