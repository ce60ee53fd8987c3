namespace AcquirerEngine.Grains.Payouts;

/// <summary>
/// Where a payout rail reports progress (in production: the merchant's grain, which moves the money
/// between ledger buckets). A separate seam so rails are tested without merchants.
/// </summary>
public interface IPayoutEventSink
{
    Task NotifyAsync(PayoutNotice notice);
}
