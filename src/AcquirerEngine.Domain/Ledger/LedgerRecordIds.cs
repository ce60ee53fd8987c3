using System.Globalization;

namespace AcquirerEngine.Domain.Ledger;

/// <summary>
/// Stable, idempotent journal record ids for the merchant ledger: derived from the business identity
/// (transaction id, refund id, run date, payout id), so the store refuses a second append of the same fact.
/// </summary>
public static class LedgerRecordIds
{
    public static string Account(string merchantId, int version) =>
        string.Create(CultureInfo.InvariantCulture, $"account:{merchantId}:{version}");

    public static string Capture(string merchantId, string transactionId) => $"capture:{merchantId}:{transactionId}";

    public static string Cancel(string merchantId, string transactionId) => $"cancel:{merchantId}:{transactionId}";

    public static string Refund(string merchantId, string refundId) => $"refund:{merchantId}:{refundId}";

    public static string Hold(string merchantId, string transactionId, int holdNo) =>
        string.Create(CultureInfo.InvariantCulture, $"hold:{merchantId}:{transactionId}:{holdNo}");

    public static string HoldRelease(string merchantId, string transactionId, int holdNo) =>
        string.Create(CultureInfo.InvariantCulture, $"hold-release:{merchantId}:{transactionId}:{holdNo}");

    public static string HoldReject(string merchantId, string transactionId, int holdNo) =>
        string.Create(CultureInfo.InvariantCulture, $"hold-reject:{merchantId}:{transactionId}:{holdNo}");

    public static string Freeze(string merchantId, int freezeNo) =>
        string.Create(CultureInfo.InvariantCulture, $"freeze:{merchantId}:{freezeNo}");

    public static string Unfreeze(string merchantId, int freezeNo) =>
        string.Create(CultureInfo.InvariantCulture, $"unfreeze:{merchantId}:{freezeNo}");

    public static string ValueDateRevision(string merchantId, string transactionId, int revisionNo) =>
        string.Create(CultureInfo.InvariantCulture, $"value-date:{merchantId}:{transactionId}:{revisionNo}");

    public static string SettlementRun(string merchantId, DateOnly runDate) =>
        string.Create(CultureInfo.InvariantCulture, $"settle:{merchantId}:{runDate:yyyy-MM-dd}");

    /// <summary>One payout per merchant and run date; the sequence leaves room for split payouts later.</summary>
    public static string Payout(string merchantId, DateOnly runDate, int sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"payout:{merchantId}:{runDate:yyyy-MM-dd}:{sequence}");

    public static string PayoutQueued(string payoutId) => $"payout-queued:{payoutId}";

    public static string PayoutSent(string payoutId) => $"payout-sent:{payoutId}";

    public static string PayoutCredited(string payoutId) => $"payout-credited:{payoutId}";

    public static string PayoutReturned(string payoutId) => $"payout-returned:{payoutId}";

    public static string PayoutPartReturned(string partId) => $"payout-part-returned:{partId}";
}
