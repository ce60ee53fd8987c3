using AcquirerEngine.Domain.Explanations;
using AcquirerEngine.Domain.Ledger;
using AcquirerEngine.Domain.Merchants;
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
}
