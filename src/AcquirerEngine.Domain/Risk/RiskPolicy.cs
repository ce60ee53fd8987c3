namespace AcquirerEngine.Domain.Risk;

/// <summary>
/// Risk thresholds. All are business settings from secondary sources, so all are configurable;
/// amounts in minor units (fen). A null threshold switches its rule off.
/// </summary>
public sealed record RiskPolicy
{
    /// <summary>First sale of a new merchant strictly above this is held. Default 50,000.00 CNY.</summary>
    public long? NewMerchantFirstSaleHoldAboveMinor { get; init; } = 5_000_000;

    /// <summary>A ticket above this multiple of the running average ticket is held...</summary>
    public long? TicketMultipleOfAverage { get; init; } = 10;

    /// <summary>...once the merchant has at least this many sales (an average of two sales means little).</summary>
    public int MinSalesForAverage { get; init; } = 20;

    /// <summary>Today's volume (with this sale) above this multiple of the trailing daily average is held.</summary>
    public long? DailyVolumeSpikeMultiple { get; init; } = 5;

    /// <summary>Trailing window for the daily average, in calendar days before today (at most <see cref="RiskProfile.VolumeDays"/> - 1).</summary>
    public int TrailingDays { get; init; } = 7;

    /// <summary>Days with volume needed inside the trailing window before a spike can be judged.</summary>
    public int MinTrailingDaysWithVolume { get; init; } = 3;

    /// <summary>This many uses of one card token within <see cref="RepeatedCardWindow"/> (this sale included) hold the sale.</summary>
    public int? RepeatedCardCount { get; init; } = 3;

    /// <summary>At most <see cref="RiskProfile.CardUseRetention"/>.</summary>
    public TimeSpan RepeatedCardWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Night window start (inclusive) and end (exclusive), acquirer-local time of day.</summary>
    public TimeOnly NightStart { get; init; } = new(0, 0);

    public TimeOnly NightEnd { get; init; } = new(5, 0);

    /// <summary>A night sale strictly above this is held. Default 5,000.00 CNY.</summary>
    public long? LargeNightSaleAboveMinor { get; init; } = 500_000;

    /// <summary>Round amounts at or above this alert (never hold: round tickets are often honest). Default 10,000.00 CNY.</summary>
    public long? RoundAmountAlertFromMinor { get; init; } = 1_000_000;

    /// <summary>"Round" means a multiple of this. Default 1,000.00 CNY.</summary>
    public long RoundAmountUnitMinor { get; init; } = 100_000;

    public static RiskPolicy Default { get; } = new();
}
