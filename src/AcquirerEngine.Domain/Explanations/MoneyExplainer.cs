using System.Globalization;
using AcquirerEngine.Domain.Calendars;
using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Domain.Ledger;
using AcquirerEngine.Domain.Settlement;

namespace AcquirerEngine.Domain.Explanations;

/// <summary>
/// Builds the merchant-facing answer to "where is my money" (scenario 16) from the ledger's views, what is
/// known of the payout's journey, and the calendar and channel hours. Pure: the same inputs give the same
/// words and dates. Expected dates are computed, never guessed: a future payout is routed at the run that
/// will make it (<see cref="PayoutRouting"/>) and its arrival estimated (<see cref="ArrivalEstimate"/>); a
/// queued payout arrives when its rail reopens; a paid one arrived when it was credited.
/// </summary>
public static class MoneyExplainer
{
    public static Explanation ForTransaction(
        LedgerTransactionView transaction, PayoutView? payout, PayoutTracking? tracking, ExplanationContext context)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(context);
        var t = transaction;
        var clearing = t.ClearingDate;
        Explanation Final(MoneyState state, string reason, long amount) =>
            new(state, reason, clearing, null, false, tracking?.Channel, tracking?.TraceId, t.PayoutId, amount);

        switch (t.Status)
        {
            case LedgerTransactionStatus.Voided:
                return Final(MoneyState.Voided, $"voided at the terminal before its batch closed: the sale of {MoneyText.Cny(t.AmountMinor)} is not cleared and nothing is paid out", t.AmountMinor);
            case LedgerTransactionStatus.Reversed:
                return Final(MoneyState.Reversed, $"reversed by the terminal (0400) after its response was lost: the card debit of {MoneyText.Cny(t.AmountMinor)} was undone and nothing is paid out", t.AmountMinor);
            case LedgerTransactionStatus.RejectedToCardholder:
                return Final(MoneyState.Rejected, $"rejected on review ({t.Reason ?? "no reason given"}): {MoneyText.Cny(t.AmountMinor)} went back to the cardholder", t.AmountMinor);
            case LedgerTransactionStatus.Refunded:
                return Final(MoneyState.Refunded, $"refunded to the cardholder ({MoneyText.Cny(t.RefundedMinor)} of {MoneyText.Cny(t.AmountMinor)})", t.RefundedMinor);
            case LedgerTransactionStatus.HeldForReview:
                return new Explanation(
                    MoneyState.HeldForReview,
                    $"held for review: {t.Reason ?? "risk review"}. {MoneyText.Cny(t.HeldMinor)} is paid in the next settlement run after an operator releases it",
                    clearing, null, false, null, null, null, t.HeldMinor);
            case LedgerTransactionStatus.Returned:
                return BackInBalance(
                    MoneyState.Returned,
                    $"payout {t.PayoutId} was returned by the bank: {t.Reason ?? payout?.ReturnReason ?? "no reason given"}; {MoneyText.Cny(t.ReturnedMinor)} is back in your balance",
                    clearing, t.ReturnedMinor, t.PayoutId, tracking, context);
            case LedgerTransactionStatus.Deferred:
                return BackInBalance(
                    MoneyState.Deferred,
                    $"{MoneyText.Cny(t.DeferredMinor)} deferred: {t.Reason ?? t.DeferralReason.ToString()}",
                    clearing, t.DeferredMinor, null, null, context);
            case LedgerTransactionStatus.PendingClearing:
                return Pending(t, context);
            case LedgerTransactionStatus.InPayout when payout is not null:
                return PayoutState(payout, tracking, context, clearing, t.InPayoutMinor);
            case LedgerTransactionStatus.Paid when payout is not null:
                return PayoutState(payout, tracking, context, clearing, t.PaidMinor);
            default:
                return Final(MoneyState.Unspecified, $"status {t.Status}", t.AmountMinor);
        }
    }

    public static Explanation ForPayout(PayoutView payout, PayoutTracking? tracking, ExplanationContext context)
    {
        ArgumentNullException.ThrowIfNull(payout);
        ArgumentNullException.ThrowIfNull(context);
        return PayoutState(payout, tracking, context, null, payout.AmountMinor);
    }

    /// <summary>
    /// The next run that may pay: the next daily run, or the first run of the back-off's resume date when payouts
    /// back off after account-level returns (with words saying so; empty otherwise).
    /// </summary>
    private static (DateTime RunAt, string Words) NextPayingRun(ExplanationContext context)
    {
        var next = NextRunAt(context.NowLocal, context.SettlementRunTime);
        if (context.ReturnBackoff is not { } backoff || backoff.ResumeOn.ToDateTime(context.SettlementRunTime) <= next)
        {
            return (next, "");
        }

        var resume = backoff.ResumeOn.ToDateTime(context.SettlementRunTime);
        var words = $" (payouts to this account back off after {backoff.ConsecutiveReturns} returns in a row for an account-level reason, "
            + $"'{backoff.Reason}': none is sent before then unless an operator acts on the account)";
        return (resume, words);
    }

    /// <summary>The next daily settlement run at or after <paramref name="nowLocal"/>.</summary>
    public static DateTime NextRunAt(DateTime nowLocal, TimeOnly runTime)
    {
        var today = DateOnly.FromDateTime(nowLocal).ToDateTime(runTime);
        return nowLocal <= today ? today : today.AddDays(1);
    }

    private static Explanation Pending(LedgerTransactionView t, ExplanationContext context)
    {
        if (context.Frozen)
        {
            return new Explanation(
                MoneyState.PendingClearing,
                $"settlement account frozen ({context.FrozenReason ?? "no reason given"}): {MoneyText.Cny(t.PendingMinor)} waits in your balance and is paid after it is unfrozen",
                t.ClearingDate, null, false, null, null, null, t.PendingMinor);
        }

        // A provisional ledger date is recomputed by the next settlement run before it settles (R2/R3), with
        // the same calendar this context carries: explain the date that run will pay on, not the stale one.
        var current = ValueDates.For(t.ClearingDate, context.Cycle, context.Calendar);
        var valueDate = t.ValueDateProvisional ? current.Date : t.ValueDate;
        var provisional = current.Provisional;
        var runAt = valueDate.ToDateTime(context.SettlementRunTime);
        var (nextRun, backoff) = NextPayingRun(context);
        runAt = runAt < nextRun ? nextRun : runAt;
        var (expected, estimateProvisional, channel, estimate) = Forecast(t.PendingMinor, t.ClearingDate, valueDate, provisional, runAt, context);
        var reason = string.Create(
            CultureInfo.InvariantCulture,
            $"pending clearing: clearing date {MoneyText.Date(t.ClearingDate)}, {CycleText(context.Cycle)} value date {MoneyText.Date(valueDate)}; {MoneyText.Cny(t.PendingMinor)} is paid by the settlement run at {runAt:yyyy-MM-dd HH:mm}{backoff}; {estimate}");
        return new Explanation(MoneyState.PendingClearing, reason, t.ClearingDate, expected, estimateProvisional, channel, null, null, t.PendingMinor);
    }

    /// <summary>Money back in the balance (returned or deferred): paid by the next run unless the account is frozen.</summary>
    private static Explanation BackInBalance(
        MoneyState state, string what, DateOnly? clearing, long amount, string? payoutId, PayoutTracking? tracking, ExplanationContext context)
    {
        if (context.Frozen)
        {
            return new Explanation(
                state,
                $"{what}; the settlement account is frozen ({context.FrozenReason ?? "no reason given"}): it is paid after it is unfrozen",
                clearing, null, false, tracking?.Channel, tracking?.TraceId, payoutId, amount);
        }

        var (runAt, backoff) = NextPayingRun(context);
        var runDate = DateOnly.FromDateTime(runAt);
        var (expected, provisional, channel, estimate) = Forecast(amount, runDate, runDate, false, runAt, context);
        var next = backoff.Length == 0 ? "the next settlement run" : "the settlement run";
        return new Explanation(
            state,
            string.Create(CultureInfo.InvariantCulture, $"{what}; it is paid again by {next} at {runAt:yyyy-MM-dd HH:mm}{backoff}; {estimate}"),
            clearing, expected, provisional, channel ?? tracking?.Channel, tracking?.TraceId, payoutId, amount);
    }

    private static Explanation PayoutState(PayoutView p, PayoutTracking? tracking, ExplanationContext context, DateOnly? clearing, long amount)
    {
        var channel = tracking?.Channel ?? (Enum.TryParse<ChannelKind>(p.Channel, out var parsed) ? parsed : null);
        var trace = tracking?.TraceId ?? p.TraceId;
        var now = context.NowLocal;
        var parts = PartsText(tracking);
        Explanation Make(MoneyState state, string reason, DateOnly? expected, bool provisional) =>
            new(state, reason + parts, clearing, expected, provisional, channel, trace, p.PayoutId, amount);

        switch (p.Status)
        {
            case PayoutStatus.Credited:
            {
                var at = tracking?.CreditedAtLocal;
                var when = at is { } c ? c.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : MoneyText.Date(p.RunDate);
                var creditedOn = at is { } d ? DateOnly.FromDateTime(d) : p.RunDate;
                var valueDated = tracking?.ValueDate is { } v && v > creditedOn
                    ? $", value-dated {MoneyText.Date(v)} (sent in the HVPS night session, which counts as business of the next working day)"
                    : "";
                return Make(
                    MoneyState.Paid,
                    $"paid: payout {p.PayoutId} of {MoneyText.Cny(p.AmountMinor)} was credited by {RailName(channel)} at {when}{valueDated}, bank trace {trace ?? "n/a"}",
                    tracking?.ValueDate is { } value && value > creditedOn ? value : creditedOn,
                    false);
            }

            case PayoutStatus.Returned:
                return BackInBalance(
                    MoneyState.Returned,
                    $"payout {p.PayoutId} of {MoneyText.Cny(p.AmountMinor)} was returned by the bank: {p.ReturnReason ?? "no reason given"}; the money is back in your balance",
                    clearing, amount, p.PayoutId, tracking, context) with { Channel = channel };

            case PayoutStatus.Sent:
            {
                var sentAt = tracking?.SentAtLocal ?? now;
                var config = channel is { } k ? context.Channels.FirstOrDefault(c => c.Kind == k) : null;
                var arrives = config is null ? DateOnly.FromDateTime(sentAt) : ArrivalDate(config, context.Calendar, sentAt);
                arrives = tracking?.ValueDate is { } valueDate ? Later(arrives, valueDate) : arrives;
                var expected = Later(arrives, p.RunDate);
                return Make(
                    MoneyState.InTransit,
                    string.Create(CultureInfo.InvariantCulture, $"in transit: payout {p.PayoutId} of {MoneyText.Cny(p.AmountMinor)} was sent by {RailName(channel)} at {sentAt:yyyy-MM-dd HH:mm}{NightSession(config, context.Calendar, sentAt)}, bank trace {trace ?? "n/a"}; expected on your account {MoneyText.Date(expected)}"),
                    expected,
                    false);
            }

            default:
            {
                // Instructed or queued: where the rail stands now decides the words and the date.
                if (channel is not { } kind || context.Channels.FirstOrDefault(c => c.Kind == kind) is not { } config)
                {
                    var runAt = NextRunAt(now, context.SettlementRunTime);
                    var (expected, provisional, routed, estimate) = Forecast(p.AmountMinor, p.RunDate, p.RunDate, false, runAt, context);
                    return Make(
                        MoneyState.QueuedForClosedChannel,
                        $"payout {p.PayoutId} of {MoneyText.Cny(p.AmountMinor)} is waiting for a payout rail ({tracking?.RouteReason ?? "not routed yet"}); {estimate}",
                        expected,
                        provisional) with { Channel = routed };
                }

                var status = ChannelSchedule.StateAt(config, context.Windows, context.Calendar, now);
                var closed = !status.IsOpen || (tracking?.NextOpeningLocal is { } reopening && reopening > now);
                if (closed)
                {
                    var opening = status.IsOpen ? tracking!.NextOpeningLocal : status.NextOpening;
                    if (tracking?.NextOpeningLocal is { } known && opening is { } o && known > o)
                    {
                        opening = known;
                    }

                    var why = status.IsOpen ? tracking?.QueueReason ?? "the rail is closed" : status.Reason;
                    DateOnly? expected = opening is { } open ? Later(ArrivalDate(config, context.Calendar, open), p.RunDate) : null;
                    var when = opening is { } at
                        ? $"; it is sent when {RailName(kind)} reopens at {MoneyText.When(at, now)}{NightSession(config, context.Calendar, at)}, expected on your account {MoneyText.Date(expected!.Value)}"
                        : "; no reopening is known";
                    return Make(
                        MoneyState.QueuedForClosedChannel,
                        $"queued for a closed channel: payout {p.PayoutId} of {MoneyText.Cny(p.AmountMinor)} waits for {RailName(kind)} ({why}){when}",
                        expected,
                        status.Provisional);
                }

                var today = Later(ArrivalDate(config, context.Calendar, now), p.RunDate);
                return Make(
                    MoneyState.InTransit,
                    $"in transit: payout {p.PayoutId} of {MoneyText.Cny(p.AmountMinor)} is in the {RailName(kind)} queue, which is open: it is sent in order{NightSession(config, context.Calendar, now)}, expected on your account {MoneyText.Date(today)}",
                    today,
                    status.Provisional);
            }
        }
    }

    private static (DateOnly? Expected, bool Provisional, ChannelKind? Channel, string Reason) Forecast(
        long amountMinor, DateOnly clearingDate, DateOnly valueDate, bool valueProvisional, DateTime runAt, ExplanationContext context)
    {
        var decision = PayoutRouting.Route(
            Math.Max(amountMinor, 1), context.Destination, runAt, context.Calendar, context.Channels, context.Windows, context.Policy);
        var estimate = ArrivalEstimate.For(new ValueDate(clearingDate, context.Cycle, valueDate, valueProvisional), decision, context.Channels, context.Calendar);
        var channel = decision.Parts.Count > 0 ? decision.Parts[^1].Channel : decision.Channel;
        return (estimate.ExpectedDate, estimate.Provisional, channel, $"{decision.Reason}; {estimate.Reason}");
    }

    /// <summary>
    /// The date a part sent at <paramref name="sendAt"/> reaches the account: the next BEPS batch's date, and never
    /// before the rail's business date (R4: HVPS business from 20:30 counts for the next working day).
    /// </summary>
    private static DateOnly ArrivalDate(ChannelConfig config, HolidayCalendar calendar, DateTime sendAt)
    {
        var arrives = DateOnly.FromDateTime(config.BatchInterval is { } every ? ArrivalEstimate.NextBatch(sendAt, every) : sendAt);
        return Later(arrives, ChannelSchedule.BusinessDateAt(config, calendar, sendAt));
    }

    private static string NightSession(ChannelConfig? config, HolidayCalendar calendar, DateTime sendAt) =>
        config is not null && ChannelSchedule.BusinessDateAt(config, calendar, sendAt) is var business && business > DateOnly.FromDateTime(sendAt)
            ? $" (in the HVPS night session, which counts as business of {MoneyText.Date(business)})"
            : "";

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;

    /// <summary>R4 split within caps: each part with its amount, rail and state (a returned one with its reason).</summary>
    private static string PartsText(PayoutTracking? tracking)
    {
        if (tracking is null || tracking.Parts.Count == 0)
        {
            return "";
        }

        var parts = tracking.Parts.Select(part =>
        {
            var state = part.Status switch
            {
                PayoutPartStatus.Credited => "credited",
                PayoutPartStatus.Returned => $"returned ({part.Reason ?? "no reason given"}), its amount is back in your balance",
                PayoutPartStatus.Sent => "in transit",
                PayoutPartStatus.Queued => "queued",
                _ => "waiting to be handed over",
            };
            return $"{part.PartId} {MoneyText.Cny(part.AmountMinor)} by {ChannelSchedule.Name(part.Channel)} {state}";
        });
        return $"; split within the per-item caps into {tracking.Parts.Count} parts: {string.Join("; ", parts)}";
    }

    private static string RailName(ChannelKind? kind) => kind is { } k ? ChannelSchedule.Name(k) : "the payout rail";

    private static string CycleText(SettlementCycle cycle) => cycle switch
    {
        SettlementCycle.T1 => "T+1 (next working day)",
        SettlementCycle.T0 => "T+0 (same working day)",
        SettlementCycle.D1 => "D+1 (next calendar day)",
        SettlementCycle.T2 => "T+2",
        SettlementCycle.T3 => "T+3",
        _ => cycle.ToString(),
    };
}
