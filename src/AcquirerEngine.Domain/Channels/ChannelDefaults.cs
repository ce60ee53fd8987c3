namespace AcquirerEngine.Domain.Channels;

/// <summary>
/// Defaults from the brief's payout-rail table. Operators override them; unverified figures are flagged
/// on the config so an explanation or a review can show it.
/// </summary>
public static class ChannelDefaults
{
    /// <summary>HVPS: working days only, from 20:30 of the previous calendar day until 17:15, no cap.</summary>
    public static ChannelConfig Hvps { get; } = new()
    {
        Kind = ChannelKind.Hvps,
        Hours = OpeningHoursRule.WorkingDayWindowFromPreviousEvening,
        OpensPreviousDayAt = new TimeOnly(20, 30),
        ClosesAt = new TimeOnly(17, 15),
        PerItemCapMinor = null,
        PayoutsPerSecond = 20,
        QueueSla = TimeSpan.FromMinutes(30),
        Note = "HVPS accepts business for working day T from 20:30 of the previous day until 17:15 (clearing 17:15-17:30)",
    };

    /// <summary>BEPS: 7x24, batches every 5 minutes, 50,000.00 CNY per item (unverified); holiday cap not set.</summary>
    public static ChannelConfig Beps { get; } = new()
    {
        Kind = ChannelKind.Beps,
        Hours = OpeningHoursRule.AlwaysOpen,
        PerItemCapMinor = 5_000_000,
        NonWorkingDayPerItemCapMinor = null,
        BatchInterval = TimeSpan.FromMinutes(5),
        PayoutsPerSecond = 100,
        QueueSla = TimeSpan.FromMinutes(30),
        Unverified = true,
        Note = "per-item cap 50,000 CNY on working days (unverified); higher holiday caps exist but are unverified, so none is assumed",
    };

    /// <summary>IBPS: 7x24 real time, 50,000.00 CNY per item (unverified, chosen to match BEPS).</summary>
    public static ChannelConfig Ibps { get; } = new()
    {
        Kind = ChannelKind.Ibps,
        Hours = OpeningHoursRule.AlwaysOpen,
        PerItemCapMinor = 5_000_000,
        PayoutsPerSecond = 50,
        QueueSla = TimeSpan.FromMinutes(15),
        Unverified = true,
        Note = "per-item cap 50,000 CNY is a placeholder (unverified)",
    };

    /// <summary>Same-bank internal transfer: 7x24 when the core is up, no cap, instant.</summary>
    public static ChannelConfig SameBank { get; } = new()
    {
        Kind = ChannelKind.SameBank,
        Hours = OpeningHoursRule.AlwaysOpen,
        PerItemCapMinor = null,
        PayoutsPerSecond = 200,
        QueueSla = TimeSpan.FromMinutes(15),
        Note = "instant while the bank core is up",
    };

    public static IReadOnlyList<ChannelConfig> All { get; } = [Hvps, Beps, Ibps, SameBank];
}
