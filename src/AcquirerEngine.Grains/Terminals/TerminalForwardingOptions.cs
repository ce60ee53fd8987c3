using AcquirerEngine.Grains.Channels;

namespace AcquirerEngine.Grains.Terminals;

/// <summary>How a terminal forwards its money facts to the merchant (every bound is a named setting).</summary>
public sealed record TerminalForwardingOptions
{
    /// <summary>Off: no outbox, nothing reaches the merchant ledger (hosts that do not settle yet).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Period of the durable "forward-retry" reminder while the outbox is not empty.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a terminal turn waits for the merchant before replying anyway (the fact stays in the outbox).</summary>
    public TimeSpan MerchantTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Facts sent in one delivery attempt (the rest go at the next attempt).</summary>
    public int MaxPerAttempt { get; init; } = 500;

    /// <summary>Acquirer-local time zone (the local time recorded with voids and reversals).</summary>
    public TimeZoneInfo TimeZone { get; init; } = AcquirerClock.ChinaStandardTime;

    /// <summary>A sale in a batch open longer than this raises "batch open too long" (scenario 13); null switches it off.</summary>
    public TimeSpan? BatchOpenAlertAfter { get; init; } = TimeSpan.FromDays(3);

    /// <summary>Key of the alert grain.</summary>
    public string AlertGrainKey { get; init; } = Alerts.AlertGrain.EngineKey;

    public static TerminalForwardingOptions Default { get; } = new();

    public static TerminalForwardingOptions Disabled { get; } = new() { Enabled = false };
}
