using AcquirerEngine.Domain.Calendars;
using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Domain.Settlement;

namespace AcquirerEngine.Domain.Explanations;

/// <summary>Everything outside the ledger an explanation depends on. Time is an input: <see cref="NowLocal"/>.</summary>
public sealed record ExplanationContext
{
    /// <summary>Acquirer-local now.</summary>
    public required DateTime NowLocal { get; init; }

    public required HolidayCalendar Calendar { get; init; }

    public IReadOnlyList<ChannelConfig> Channels { get; init; } = ChannelDefaults.All;

    /// <summary>Maintenance windows known to the caller (may be empty: only hours and holidays are then considered).</summary>
    public IReadOnlyList<MaintenanceWindow> Windows { get; init; } = [];

    public PayoutDestination Destination { get; init; } = PayoutDestination.Interbank;

    public RoutingPolicy Policy { get; init; } = RoutingPolicy.WaitForHvps;

    public SettlementCycle Cycle { get; init; } = SettlementCycle.T1;

    /// <summary>Local time of day of the daily settlement run.</summary>
    public TimeOnly SettlementRunTime { get; init; } = new(0, 30);

    public bool Frozen { get; init; }

    public string? FrozenReason { get; init; }

    /// <summary>
    /// Set while payouts to the account back off after account-level returns (<see cref="Payouts.ReturnBackoff"/>):
    /// the first run date that may pay again. Null: the next run pays.
    /// </summary>
    public Payouts.ReturnBackoff? ReturnBackoff { get; init; }
}
