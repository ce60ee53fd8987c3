namespace AcquirerEngine.Domain.Ledger;

/// <summary>
/// A payout's life. Instructed (by a settlement run) and Queued (the channel is closed) count as "queued"
/// money, Sent as "in transit", Credited as "paid". Returned is final for the payout: its money is back in
/// the merchant's balance.
/// </summary>
public enum PayoutStatus
{
    Unspecified = 0,
    Instructed = 1,
    Queued = 2,
    Sent = 3,
    Credited = 4,
    Returned = 5,
}
