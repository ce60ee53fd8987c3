using AcquirerEngine.Grains.Payouts;
using AcquirerEngine.Runtime;

namespace AcquirerEngine.Grains.Tests.Channels;

/// <summary>A merchant-like grain: it awaits a rail inside its turn and is also the rail's notice sink.</summary>
public interface ICrossingCallerGrain : IGrainWithStringKey
{
    Task EnqueueWhileRailNotifiesAsync(PayoutInstruction instruction);

    Task NotifyAsync(PayoutNotice notice);

    Task<IReadOnlyList<PayoutNotice>> ReceivedAsync();
}
