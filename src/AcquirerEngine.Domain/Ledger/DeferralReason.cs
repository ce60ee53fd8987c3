namespace AcquirerEngine.Domain.Ledger;

/// <summary>Why due money was pushed to the next settlement run instead of being paid in this one.</summary>
public enum DeferralReason
{
    None = 0,

    /// <summary>Class II personal account: the day's inbound limit was reached.</summary>
    ClassIIDailyLimit = 1,

    /// <summary>T0/D0: above the merchant's same-day quota, the excess falls back to T+1 (the next run).</summary>
    SameDayQuotaExceeded = 2,
}
