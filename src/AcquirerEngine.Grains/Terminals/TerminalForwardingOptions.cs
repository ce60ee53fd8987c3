using AcquirerEngine.Grains.Channels;

namespace AcquirerEngine.Grains.Terminals;

/// <summary>How a terminal forwards its money facts to the merchant (every bound is a named setting).</summary>
public sealed record TerminalForwardingOptions
{
    /// <summary>Off: no outbox, nothing reaches the merchant ledger (hosts that do not settle yet).</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Period of the durable "forward-retry" reminder while the outbox is not empty.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// True: a money fact's turn waits for the merchant (bounded by <see cref="MerchantTimeout"/>) before the caller
    /// hears the outcome, so a POS that has its reply finds the sale in the merchant's ledger (a second durable write
    /// on the reply path). False (default): the reply follows the terminal's own durable write and forwarding runs
    /// right after it; the guarantees are the same (the fact is durable in the outbox before the reply, reaches the
    /// merchant once and in order), only the ledger is a moment behind the reply.
    /// </summary>
    public bool MerchantOnReplyPath { get; init; }

    /// <summary>How long one send to the merchant may take before the attempt stops (the fact stays in the outbox).</summary>
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
