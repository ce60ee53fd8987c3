namespace AcquirerEngine.Runtime.Tests.TestGrains;

public sealed class TimerGrain(GrainProbe probe) : Grain, ITimerGrain
{
    private readonly Dictionary<string, IGrainTimer> _timers = [];

    public Task StartTimer(string label, TimeSpan dueTime, TimeSpan period)
    {
        _timers[label] = RegisterGrainTimer(
            _ =>
            {
                probe.TimerTicked($"{GetPrimaryKeyString()}/{label}", TimeProvider.GetUtcNow());
                return Task.CompletedTask;
            },
            dueTime,
            period);
        return Task.CompletedTask;
    }

    public Task StopTimer(string label)
    {
        _timers[label].Dispose();
        return Task.CompletedTask;
    }

    public async Task WaitFor(Task gate)
    {
        probe.Record($"enter {GetPrimaryKeyString()}");
        await gate;
    }

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Deactivated(GrainId, reason);
        return Task.CompletedTask;
    }
}
