using AcquirerEngine.Grains.Payouts;
using AcquirerEngine.Runtime;

namespace AcquirerEngine.Grains.Tests.Channels;

/// <summary>Forwards notices to the caller grain, but only once that grain is inside its turn awaiting the rail.</summary>
public sealed class CrossingSink(CrossingSignals signals, Func<IGrainFactory> grains) : IPayoutEventSink
{
    public async Task NotifyAsync(PayoutNotice notice)
    {
        signals.RailNotifying.TrySetResult();
        await signals.CallerInTurn.Task;
        await grains().GetGrain<ICrossingCallerGrain>(notice.MerchantId).NotifyAsync(notice);
    }
}
