using AcquirerEngine.Grains.Channels;

namespace AcquirerEngine.Server.Configuration;

public sealed class SettlementSettings
{
    /// <summary>Daily cut-off (日切), acquirer-local "HH:mm": sales at or after it clear on the next date.</summary>
    public string CutOff { get; set; } = "23:00";

    /// <summary>When each merchant's daily settlement run instructs the payouts due that day, acquirer-local "HH:mm".</summary>
    public string RunTime { get; set; } = "00:30";

    /// <summary>Above the BEPS/IBPS caps while HVPS is closed: "WaitForHvps", "AlternativeRail" or "SplitWithinCaps".</summary>
    public string RoutingPolicy { get; set; } = "WaitForHvps";

    /// <summary>
    /// After payouts are returned for a frozen or closed account several times in a row, the next attempt waits
    /// 2, 4, 8, ... working days, at most this many (0 to 60); the operator's unfreeze ends the wait.
    /// </summary>
    public int ReturnBackoffMaxWorkingDays { get; set; } = 8;

    /// <summary>Payouts one rail may hold queued (1 to 10,000,000; about 1 KB of memory each); beyond it an enqueue is refused as queue full.</summary>
    public int RailMaxQueueDepth { get; set; } = BankChannelOptions.Default.MaxQueueDepth;
}
