using AcquirerEngine.Domain.Channels;

namespace AcquirerEngine.Domain.Payouts;

/// <summary>
/// The modeled send rate of a rail turned into drains: real-time rails drain every second (the smallest
/// period a durable reminder accepts, or more when the runtime demands it) at PayoutsPerSecond;
/// batched rails (BEPS) drain once per batch with a batch's worth of sends. Pure: instants are parameters.
/// </summary>
public static class DrainPacing
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    public static DrainPlan For(ChannelConfig config, TimeSpan minimumPeriod)
    {
        ArgumentNullException.ThrowIfNull(config);
        Invariant.Require(config.IsValid, $"channel config {config.Kind} is invalid");
        Invariant.Require(minimumPeriod > TimeSpan.Zero, "the minimum drain period must be positive");
        var wanted = config.BatchInterval ?? OneSecond;
        var period = wanted < minimumPeriod ? minimumPeriod : wanted;

        // The budget scales with the period so the modeled rate holds whatever the period is; it is clamped
        // rather than overflowed for absurd configurations, and is at least one so a drain always progresses.
        var budget = Math.Ceiling(config.PayoutsPerSecond * period.TotalSeconds);
        var perDrain = budget >= int.MaxValue ? int.MaxValue : Math.Max(1, (int)budget);
        return new DrainPlan(period, perDrain, config.BatchInterval);
    }

    /// <summary>
    /// The first instant at or after <paramref name="earliestLocal"/> at which the rail may drain: the instant
    /// itself for real-time rails, the next batch boundary for batched ones.
    /// </summary>
    public static DateTime AlignToDrain(DrainPlan plan, DateTime earliestLocal)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.BatchInterval is { } interval ? ArrivalEstimate.NextBatch(earliestLocal, interval) : earliestLocal;
    }

    /// <summary>The earliest next drain: now, but never sooner than one period after the previous drain (the rate guard).</summary>
    public static DateTime EarliestNextDrain(DrainPlan plan, DateTime nowLocal, DateTime? lastDrainLocal)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (lastDrainLocal is not { } last)
        {
            return nowLocal;
        }

        var allowed = last + plan.Period;
        return allowed > nowLocal ? allowed : nowLocal;
    }

    /// <summary>
    /// True when a drain at <paramref name="drainLocal"/> keeps the modeled rate, i.e. at least one period after
    /// the previous one. Guards against a redelivered or re-registered reminder tick doubling the rate.
    /// </summary>
    public static bool MayDrainAt(DrainPlan plan, DateTime drainLocal, DateTime? lastDrainLocal)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return lastDrainLocal is not { } last || drainLocal >= last + plan.Period;
    }
}
