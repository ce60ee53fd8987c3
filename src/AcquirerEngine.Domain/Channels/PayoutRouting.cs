using AcquirerEngine.Domain.Calendars;

namespace AcquirerEngine.Domain.Channels;

/// <summary>
/// R4 payout routing. Same-bank destinations use the internal transfer (queued while the core is down).
/// Interbank: a rail that is open now and whose cap admits the amount wins, preferring IBPS (real time),
/// then BEPS, then HVPS; if none is, the first rail to open that can carry it. An amount above every
/// capped rail's cap while HVPS is closed is handled by <see cref="RoutingPolicy"/>.
/// </summary>
public static class PayoutRouting
{
    // Real time first, then batched, then gross: the cheapest rail that gets the money there soonest.
    private static readonly ChannelKind[] InterbankPreference = [ChannelKind.Ibps, ChannelKind.Beps, ChannelKind.Hvps];

    public static RouteDecision Route(
        long amountMinor,
        PayoutDestination destination,
        DateTime localTime,
        HolidayCalendar calendar,
        IReadOnlyList<ChannelConfig> channels,
        IReadOnlyList<MaintenanceWindow> windows,
        RoutingPolicy policy = RoutingPolicy.WaitForHvps,
        TimeSpan? searchHorizon = null,
        ChannelStatusSource? statusAt = null)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentNullException.ThrowIfNull(windows);
        var horizon = searchHorizon ?? ChannelSchedule.DefaultSearchHorizon;
        if (amountMinor <= 0)
        {
            return new RouteDecision(
                RouteResult.InvalidAmount, null, null, [], [], $"payout amount {MoneyText.Cny(amountMinor)} must be positive", false, policy);
        }

        var kinds = destination == PayoutDestination.SameBank ? [ChannelKind.SameBank] : InterbankPreference;
        var considered = new List<ChannelConsideration>();
        var configs = new List<ChannelConfig>();
        foreach (var kind in kinds)
        {
            // Loops rather than LINQ here: every merchant's nightly run routes once, and a closure per rail kind
            // was the run's largest delegate allocation.
            var config = ConfigOf(channels, kind);
            if (config is null)
            {
                continue;
            }

            var status = statusAt is null
                ? ChannelSchedule.StateAt(config, windows, calendar, localTime, horizon)
                : statusAt(config, windows, calendar, localTime, horizon);
            var cap = ChannelSchedule.PerItemCapAt(config, calendar, localTime);
            considered.Add(new ChannelConsideration(kind, status, cap, cap is null || amountMinor <= cap));
            configs.Add(config);
        }

        var provisional = false;
        foreach (var consideration in considered)
        {
            provisional |= consideration.Status.Provisional;
        }

        var context = new RoutingContext(amountMinor, localTime, calendar, windows, horizon, policy, considered, provisional);
        if (configs.Count == 0)
        {
            return context.Decide(RouteResult.NoChannelAvailable, null, [], $"no {Describe(destination)} channel is configured");
        }

        return destination == PayoutDestination.SameBank
            ? RouteSameBank(context, configs[0])
            : RouteInterbank(context, configs);
    }

    private static RouteDecision RouteSameBank(RoutingContext context, ChannelConfig config)
    {
        var status = context.Considered[0].Status;
        var cap = context.Considered[0].CapMinor;
        if (status.NextOpening is not { } sendAt)
        {
            return context.Decide(RouteResult.NoChannelAvailable, null, [], status.Reason);
        }

        // An internal transfer has no cap by default; a bank that imposes one gets equal-order parts.
        var parts = SplitParts(config.Kind, context.AmountMinor, cap ?? context.AmountMinor, sendAt);
        var result = status.IsOpen ? RouteResult.SendNow : RouteResult.Queued;
        var reason = status.IsOpen
            ? $"{MoneyText.Cny(context.AmountMinor)} goes by same-bank transfer now"
            : $"{MoneyText.Cny(context.AmountMinor)} is queued for same-bank transfer: {status.Reason}";
        if (parts.Count > 1)
        {
            reason += $"; split into {parts.Count} parts within the same-bank cap of {MoneyText.Cny(cap!.Value)}";
        }

        return context.Decide(result, config.Kind, parts, reason);
    }

    private static RouteDecision RouteInterbank(RoutingContext context, IReadOnlyList<ChannelConfig> configs)
    {
        var amount = context.AmountMinor;
        // The common case (a rail open that carries the whole amount) walks the considered rails once, without LINQ.
        List<string>? skipped = null;
        foreach (var openNow in context.Considered)
        {
            if (!(openNow.Status.IsOpen && openNow.CanCarryWholeAmountNow))
            {
                (skipped ??= []).Add(WhyNotNow(openNow, amount));
                continue;
            }

            var reason = $"{MoneyText.Cny(amount)} goes by {ChannelSchedule.Name(openNow.Channel)} now: {openNow.Status.Reason}";
            if (skipped is not null)
            {
                reason += $" ({string.Join("; ", skipped)})";
            }

            return context.Decide(RouteResult.SendNow, openNow.Channel, [new PayoutPart(openNow.Channel, amount, context.Now)], reason);
        }

        var capped = context.Considered.Where(c => c.CapMinor is not null).ToList();
        var aboveCaps = capped.Count > 0 && capped.All(c => !c.CanCarryWholeAmountNow);
        var capWords = aboveCaps
            ? $"{MoneyText.Cny(amount)} is above the "
              + string.Join(" and the ", capped.Select(c => $"{ChannelSchedule.Name(c.Channel)} per-item cap of {MoneyText.Cny(c.CapMinor!.Value)}"))
            : "";
        var hvps = context.Considered.FirstOrDefault(c => c.Channel == ChannelKind.Hvps);
        var hvpsConfig = configs.FirstOrDefault(c => c.Kind == ChannelKind.Hvps);

        if (aboveCaps && context.Policy == RoutingPolicy.SplitWithinCaps)
        {
            var splitRail = capped.FirstOrDefault(c => c.Status.IsOpen);
            if (splitRail is not null)
            {
                var parts = SplitParts(splitRail.Channel, amount, splitRail.CapMinor!.Value, context.Now);
                var hvpsWords = hvps is null ? "HVPS is not configured" : hvps.Status.Reason;
                var reason = $"{capWords}; {hvpsWords}; policy SplitWithinCaps: split into {parts.Count} parts of at most "
                    + $"{MoneyText.Cny(splitRail.CapMinor.Value)} sent by {ChannelSchedule.Name(splitRail.Channel)} now";
                return context.Decide(RouteResult.SendNow, splitRail.Channel, parts, reason);
            }
        }

        if (aboveCaps && context.Policy == RoutingPolicy.WaitForHvps)
        {
            if (hvps is null || hvpsConfig is null || hvps.Status.NextOpening is not { } hvpsOpens)
            {
                var why = hvps is null ? "HVPS is not configured" : hvps.Status.Reason;
                return context.Decide(RouteResult.NoChannelAvailable, null, [], $"{capWords}; {why}");
            }

            var reason = $"{capWords}; {hvps.Status.Reason}; the payout waits for HVPS and is sent {MoneyText.When(hvpsOpens, context.Now)}";
            return context.Decide(RouteResult.Queued, ChannelKind.Hvps, [new PayoutPart(ChannelKind.Hvps, amount, hvpsOpens)], reason);
        }

        // Within caps with every suitable rail closed, AlternativeRail, or a split with no capped rail open:
        // the whole amount goes by the first rail that is open and whose cap then admits it.
        (ChannelKind Kind, DateTime At)? best = null;
        foreach (var config in configs)
        {
            var at = FirstInstantCarrying(context, config);
            if (at is { } when && (best is null || when < best.Value.At))
            {
                best = (config.Kind, when);
            }
        }

        var situation = string.Join("; ", context.Considered.Select(c => c.Status.Reason));
        var lead = aboveCaps ? $"{capWords}; {situation}" : $"{MoneyText.Cny(amount)}: {situation}";
        if (best is not { } chosen)
        {
            return context.Decide(RouteResult.NoChannelAvailable, null, [], $"{lead}; no rail can carry it within the search horizon");
        }

        var policyWords = aboveCaps ? $"policy {context.Policy}: " : "";
        var decision = $"{lead}; {policyWords}queued for {ChannelSchedule.Name(chosen.Kind)}, sent {MoneyText.When(chosen.At, context.Now)}";
        var result = chosen.At == context.Now ? RouteResult.SendNow : RouteResult.Queued;
        return context.Decide(result, chosen.Kind, [new PayoutPart(chosen.Kind, amount, chosen.At)], decision);
    }

    /// <summary>The first instant the rail is open and its cap at that instant admits the whole amount.</summary>
    private static DateTime? FirstInstantCarrying(RoutingContext context, ChannelConfig config)
    {
        var largestCap = config.PerItemCapMinor is null ? (long?)null : Math.Max(config.PerItemCapMinor.Value, config.NonWorkingDayPerItemCapMinor ?? 0);
        if (largestCap is { } limit && context.AmountMinor > limit)
        {
            return null;
        }

        var limitAt = context.Now + context.Horizon;
        var from = context.Now;
        while (from <= limitAt)
        {
            var provisional = false;
            var opening = ChannelSchedule.NextOpening(config, context.Windows, context.Calendar, from, limitAt - from, ref provisional);
            if (opening is not { } open)
            {
                return null;
            }

            var cap = ChannelSchedule.PerItemCapAt(config, context.Calendar, open.At);
            if (cap is null || context.AmountMinor <= cap)
            {
                return open.At;
            }

            // Caps change by day type only, so the next chance is the next midnight.
            from = DateOnly.FromDateTime(open.At).AddDays(1).ToDateTime(TimeOnly.MinValue);
        }

        return null;
    }

    /// <summary>Why a preferred rail was passed over: its cap, or its state.</summary>
    private static string WhyNotNow(ChannelConsideration considered, long amountMinor) =>
        considered.Status.IsOpen && !considered.CanCarryWholeAmountNow
            ? $"{ChannelSchedule.Name(considered.Channel)} is open but {MoneyText.Cny(amountMinor)} is above its per-item cap of {MoneyText.Cny(considered.CapMinor!.Value)}"
            : considered.Status.Reason;

    private static List<PayoutPart> SplitParts(ChannelKind channel, long amountMinor, long capMinor, DateTime sendAt)
    {
        Invariant.Require(capMinor > 0, "a split needs a positive cap");
        var parts = new List<PayoutPart>();
        var remaining = amountMinor;
        while (remaining > 0)
        {
            var part = Math.Min(remaining, capMinor);
            parts.Add(new PayoutPart(channel, part, sendAt));
            remaining -= part;
        }

        Invariant.Require(parts.Sum(p => p.AmountMinor) == amountMinor, "split parts must add up to the payout");
        return parts;
    }

    private static ChannelConfig? ConfigOf(IReadOnlyList<ChannelConfig> channels, ChannelKind kind)
    {
        for (var i = 0; i < channels.Count; i++)
        {
            if (channels[i].Kind == kind)
            {
                return channels[i];
            }
        }

        return null;
    }

    private static string Describe(PayoutDestination destination) =>
        destination == PayoutDestination.SameBank ? "same-bank" : "interbank";
}
