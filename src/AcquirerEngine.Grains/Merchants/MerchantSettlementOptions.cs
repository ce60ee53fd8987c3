using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Domain.Ledger;
using AcquirerEngine.Domain.Settlement;
using AcquirerEngine.Grains.Alerts;
using AcquirerEngine.Grains.Channels;
using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Grains.Merchants;

/// <summary>How the merchant side settles: time zone, cut-off, daily run time, rails and routing, ledger limits.</summary>
public sealed record MerchantSettlementOptions
{
    /// <summary>The acquirer's local time zone (cut-off, run time and channel hours are local wall times).</summary>
    public TimeZoneInfo TimeZone { get; init; } = AcquirerClock.ChinaStandardTime;

    /// <summary>R1 daily cut-off (default 23:00).</summary>
    public CutOffPolicy CutOff { get; init; } = CutOffPolicy.Default;

    /// <summary>Local time of the daily settlement run (default 00:30).</summary>
    public TimeOnly SettlementRunTime { get; init; } = new(0, 30);

    /// <summary>The rails' configuration; must match what the bank channel grains are given.</summary>
    public IReadOnlyList<ChannelConfig> Channels { get; init; } = ChannelDefaults.All;

    /// <summary>R4: what to do with an interbank payout above the capped rails while HVPS is closed.</summary>
    public RoutingPolicy RoutingPolicy { get; init; } = RoutingPolicy.WaitForHvps;

    /// <summary>Ledger limits and the engine's risk defaults (a merchant's first-sale threshold overrides its rule).</summary>
    public LedgerPolicy Ledger { get; init; } = LedgerPolicy.Default;

    /// <summary>Key of the alert grain receiving risk alerts.</summary>
    public string AlertGrainKey { get; init; } = AlertGrain.EngineKey;

    /// <summary>
    /// Bank return reasons that name the beneficiary account itself (matched case-insensitively within the reason):
    /// after them payouts back off (<see cref="Domain.Payouts.ReturnBackoff"/>) instead of bouncing every day.
    /// </summary>
    public IReadOnlyList<string> AccountLevelReturnReasons { get; init; } = ["account frozen", "account closed"];

    /// <summary>Upper bound of that back-off, in working days (the wait doubles from 2 up to this).</summary>
    public int ReturnBackoffMaxWorkingDays { get; init; } = 8;

    /// <summary>
    /// How soon the store commits the ledger write of a fact a terminal delivered (sale, void, reversal, refund). The
    /// terminal has answered its caller before it delivers, so by default the write may linger to share the next
    /// write's commit; Prompt where the merchant is on the reply path (TerminalForwardingOptions.MerchantOnReplyPath).
    /// </summary>
    public WriteUrgency TerminalFactWrites { get; init; } = WriteUrgency.MayLinger;

    /// <summary>Currency of payouts.</summary>
    public string Currency { get; init; } = "CNY";

    public static MerchantSettlementOptions Default { get; } = new();
}
