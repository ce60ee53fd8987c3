namespace AcquirerEngine.Domain.Channels;

/// <summary>
/// Everything the engine assumes about one rail, as configuration (R4: caps and hours are channel
/// configuration). Defaults per the brief live in <see cref="ChannelDefaults"/>.
/// </summary>
public sealed record ChannelConfig
{
    public ChannelKind Kind { get; init; }

    public OpeningHoursRule Hours { get; init; } = OpeningHoursRule.AlwaysOpen;

    /// <summary>For the working-day window rule: opening time on the calendar day before the working day.</summary>
    public TimeOnly OpensPreviousDayAt { get; init; } = new(20, 30);

    /// <summary>For the working-day window rule: closing time on the working day itself (exclusive).</summary>
    public TimeOnly ClosesAt { get; init; } = new(17, 15);

    /// <summary>Per-item cap in minor units on working days; null = no cap.</summary>
    public long? PerItemCapMinor { get; init; }

    /// <summary>
    /// Per-item cap on holidays and non-working weekends (BEPS has higher ones, unverified); null = the
    /// working-day cap applies, the safe choice until the figure is confirmed.
    /// </summary>
    public long? NonWorkingDayPerItemCapMinor { get; init; }

    /// <summary>Batch cadence (BEPS): an item sent at t is in the first batch at or after t; null = real time.</summary>
    public TimeSpan? BatchInterval { get; init; }

    /// <summary>Modeled send rate when a queue drains at reopening.</summary>
    public int PayoutsPerSecond { get; init; } = 50;

    /// <summary>A queued payout older than this raises an alert.</summary>
    public TimeSpan QueueSla { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>True when any figure here comes from secondary sources and must be confirmed.</summary>
    public bool Unverified { get; init; }

    public string Note { get; init; } = "";

    public bool IsValid =>
        Enum.IsDefined(Kind)
        && Enum.IsDefined(Hours)
        && PerItemCapMinor is null or > 0
        && NonWorkingDayPerItemCapMinor is null or > 0
        && (BatchInterval is null || BatchInterval > TimeSpan.Zero)
        && PayoutsPerSecond > 0
        && QueueSla > TimeSpan.Zero;
}
