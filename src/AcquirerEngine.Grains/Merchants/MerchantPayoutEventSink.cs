using AcquirerEngine.Grains.Payouts;
using AcquirerEngine.Runtime;

namespace AcquirerEngine.Grains.Merchants;

/// <summary>
/// The production payout sink: hands each rail notice to the merchant grain named by
/// <see cref="PayoutNotice.MerchantId"/>, which records it on the ledger idempotently. Takes the factory lazily
/// because the rails are registered before the runtime (and so its factory) exists.
/// </summary>
public sealed class MerchantPayoutEventSink : IPayoutEventSink
{
    private readonly Func<IGrainFactory> _grains;

    public MerchantPayoutEventSink(Func<IGrainFactory> grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
        _grains = grains;
    }

    public MerchantPayoutEventSink(IGrainFactory grains)
        : this(() => grains)
    {
        ArgumentNullException.ThrowIfNull(grains);
    }

    public Task NotifyAsync(PayoutNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return _grains().GetGrain<IMerchantGrain>(notice.MerchantId).NotifyPayoutAsync(notice);
    }
}
