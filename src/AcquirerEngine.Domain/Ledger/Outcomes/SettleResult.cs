namespace AcquirerEngine.Domain.Ledger;

public enum SettleResult
{
    /// <summary>One payout instruction; deferrals (Class II limit, T0 quota) may accompany it.</summary>
    PayoutInstructed = 1,

    /// <summary>Run recorded; nothing was due.</summary>
    NothingDue = 2,

    /// <summary>Run recorded; carried refunds are at least what was due, so nothing is paid and nothing moves.</summary>
    NetNotPositive = 3,

    /// <summary>Account frozen: no payout, funds stay, the run is NOT recorded (it can run again after unfreezing).</summary>
    AccountFrozen = 4,

    /// <summary>This run date already ran: nothing appended.</summary>
    AlreadySettled = 5,

    /// <summary>A later run date already ran; runs only move forward.</summary>
    RunDateBeforeLastRun = 6,
    AccountNotConfigured = 7,
}
