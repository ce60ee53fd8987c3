namespace AcquirerEngine.Runtime.Tests.TestGrains;

public sealed class QueuedTurnGrain(GrainProbe probe) : Grain, IQueuedTurnGrain
{
    public async Task<bool> RecordThenQueue(string label, Task gate)
    {
        probe.Record($"enter {label}");
        await gate;
        probe.Record($"call {label}");
        return QueueTurn(() =>
        {
            probe.Record($"queued {label}");
            return Task.CompletedTask;
        });
    }

    public Task Record(string label)
    {
        probe.Record($"call {label}");
        return Task.CompletedTask;
    }

    public Task<bool> DeactivateThenQueue()
    {
        DeactivateOnIdle();
        return Task.FromResult(QueueTurn(() =>
        {
            probe.Record("queued after deactivation");
            return Task.CompletedTask;
        }));
    }
}
