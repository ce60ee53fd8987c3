using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Domain.Explanations;
using AcquirerEngine.Domain.Ledger;
using AcquirerEngine.Domain.Merchants;
using AcquirerEngine.Domain.Payouts;
using AcquirerEngine.Grains.Alerts;

namespace AcquirerEngine.Grains.Merchants;

/// <summary>
/// The merchant grain's persisted state: profile and ledger in one versioned write with the ledger's journal
/// records, plus delivery bookkeeping (payout tracking, alerts not yet handed to the alert grain).
/// </summary>
public sealed class MerchantGrainState
{
    public MerchantState Merchant { get; set; } = new();

    public MerchantLedgerState Ledger { get; set; } = new();

    /// <summary>Per payout id: the rail it was routed to, whether the rail accepted it, and its journey.</summary>
    public Dictionary<string, PayoutTracking> Payouts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Risk alerts journaled with their sale but not yet confirmed by the alert grain (at-least-once).</summary>
    public List<AlertRecord> PendingAlerts { get; set; } = [];

    /// <summary>
    /// Queues an alert for the alert grain unless one with its id already waits: a payout refused every day while the
    /// alert grain is down must not grow the persisted list by one a day. The live grain and the replay of a
    /// <see cref="MerchantJournal.AlertPendingKind"/> record both queue through here.
    /// </summary>
    public void PendAlert(AlertRecord alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (!PendingAlerts.Exists(a => a.Id == alert.Id))
        {
            PendingAlerts.Add(alert);
        }
    }

    /// <summary>Set while payouts back off after account-level returns; cleared by a credit or an operator's unfreeze.</summary>
    public ReturnBackoff? ReturnBackoff { get; set; }

    /// <summary>Per rail that threw at hand-over: since when (local), so one alert is raised per episode, not per retry.</summary>
    public Dictionary<ChannelKind, DateTime> RailUnavailableSince { get; set; } = [];
}
