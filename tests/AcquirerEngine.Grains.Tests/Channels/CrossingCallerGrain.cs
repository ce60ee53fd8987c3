using AcquirerEngine.Grains.Channels;
using AcquirerEngine.Grains.Payouts;
using AcquirerEngine.Runtime;

namespace AcquirerEngine.Grains.Tests.Channels;

public sealed class CrossingCallerGrain(CrossingSignals signals) : Grain, ICrossingCallerGrain
{
    private readonly List<PayoutNotice> _received = [];

    public async Task EnqueueWhileRailNotifiesAsync(PayoutInstruction instruction)
    {
        signals.CallerInTurn.TrySetResult();
        await signals.RailNotifying.Task;
        await GrainFactory.GetGrain<IBankChannelGrain>(BankChannelGrain.KeyFor(instruction.Channel)).EnqueueAsync(instruction);
    }

    public Task NotifyAsync(PayoutNotice notice)
    {
        _received.Add(notice);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<PayoutNotice>> ReceivedAsync() => Task.FromResult<IReadOnlyList<PayoutNotice>>([.. _received]);
}
