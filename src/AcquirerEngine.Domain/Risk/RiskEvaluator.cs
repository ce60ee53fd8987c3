using System.Globalization;

namespace AcquirerEngine.Domain.Risk;

/// <summary>
/// Pure risk rules over a merchant's counters (as they were before this sale) and the sale. The ledger
/// decider calls it and journals the verdict, so a replay applies the same verdict instead of re-judging
/// with counters that may since have changed.
/// </summary>
public static class RiskEvaluator
{
    public static RiskAssessment Evaluate(RiskProfile profile, RiskSale sale, RiskPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(sale);
        ArgumentNullException.ThrowIfNull(policy);
        Invariant.Require(sale.AmountMinor > 0, $"risk: non-positive amount {sale.AmountMinor}");
        Invariant.Require(policy.RepeatedCardWindow <= RiskProfile.CardUseRetention, "risk policy: repeated-card window beyond the kept card uses");
        Invariant.Require(policy.TrailingDays is > 0 and < RiskProfile.VolumeDays, "risk policy: trailing days beyond the kept daily volumes");
        Invariant.Require(policy.RoundAmountUnitMinor > 0, "risk policy: round amount unit not positive");

        var findings = default(RiskFindings);

        var amount = sale.AmountMinor;
        if (policy.NewMerchantFirstSaleHoldAboveMinor is { } firstLimit && profile.SaleCount == 0 && amount > firstLimit)
        {
            findings.Fire(sale, RiskReason.NewMerchantLargeFirstSale, RiskAlertKind.NewMerchantLargeFirstSale, true,
                Text($"first sale of a new merchant: {amount} above {firstLimit}, held for review"));
        }

        if (policy.TicketMultipleOfAverage is { } multiple
            && profile.SaleCount >= policy.MinSalesForAverage
            && profile.SaleCount > 0
            && amount > checked(profile.AverageTicketMinor * multiple))
        {
            findings.Fire(sale, RiskReason.TicketFarAboveAverage, RiskAlertKind.TicketFarAboveAverage, true,
                Text($"ticket {amount} above {multiple}x the average ticket {profile.AverageTicketMinor}"));
        }

        if (policy.DailyVolumeSpikeMultiple is { } spike)
        {
            CheckVolumeSpike(profile, sale, policy, spike, ref findings);
        }

        if (policy.RepeatedCardCount is { } repeats && !string.IsNullOrEmpty(sale.CardToken))
        {
            var uses = profile.CardUsesWithin(sale.CardToken, sale.LocalTime, policy.RepeatedCardWindow) + 1;
            if (uses >= repeats)
            {
                findings.Fire(sale, RiskReason.RepeatedCard, RiskAlertKind.AbnormalFlow, true,
                    Text($"abnormal flow: card used {uses} times within {policy.RepeatedCardWindow.TotalMinutes} minutes"));
            }
        }

        if (policy.LargeNightSaleAboveMinor is { } nightLimit && amount > nightLimit && IsNight(sale.LocalTime, policy))
        {
            findings.Fire(sale, RiskReason.LargeNightSale, RiskAlertKind.LargeNightSale, true,
                Text($"large sale at night ({sale.LocalTime:HH:mm}): {amount} above {nightLimit}"));
        }

        if (policy.RoundAmountAlertFromMinor is { } roundFrom && amount >= roundFrom && amount % policy.RoundAmountUnitMinor == 0)
        {
            findings.Fire(sale, RiskReason.RoundAmount, RiskAlertKind.RoundAmount, false,
                Text($"round amount {amount}"));
        }

        return findings.ToAssessment();
    }

    /// <summary>
    /// Trailing average = volume of the trailing days that had any volume / their count: days a shop was
    /// closed would otherwise make every ordinary day look like a spike.
    /// </summary>
    private static void CheckVolumeSpike(
        RiskProfile profile,
        RiskSale sale,
        RiskPolicy policy,
        long spike,
        ref RiskFindings findings)
    {
        var today = DateOnly.FromDateTime(sale.LocalTime);
        var from = today.AddDays(-policy.TrailingDays);
        // A loop over the (at most VolumeDays) kept days: evaluated on every capture, so nothing is allocated.
        var trailingDays = 0;
        long trailingVolume = 0;
        foreach (var day in profile.DailyVolumes)
        {
            if (day.Date >= from && day.Date < today && day.AmountMinor > 0)
            {
                trailingDays++;
                trailingVolume = checked(trailingVolume + day.AmountMinor);
            }
        }

        if (trailingDays < policy.MinTrailingDaysWithVolume)
        {
            return;
        }

        var average = trailingVolume / trailingDays;
        var todayVolume = checked(profile.VolumeOn(today) + sale.AmountMinor);
        if (todayVolume > checked(average * spike))
        {
            findings.Fire(sale, RiskReason.DailyVolumeSpike, RiskAlertKind.DailyVolumeSpike, true,
                Text($"daily volume {todayVolume} above {spike}x the trailing average {average}"));
        }
    }

    private static bool IsNight(DateTime localTime, RiskPolicy policy)
    {
        var time = TimeOnly.FromDateTime(localTime);
        return policy.NightStart <= policy.NightEnd
            ? time >= policy.NightStart && time < policy.NightEnd
            : time >= policy.NightStart || time < policy.NightEnd;
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
