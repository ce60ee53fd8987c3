namespace AcquirerEngine.Runtime.Tests.TestGrains;

public sealed class QueuedTurnGrain(GrainProbe probe) : Grain, IQueuedTurnGrain
{
    private bool _inTurn;

    public async Task<bool> RecordThenQueue(string label, Task gate)
    {
        probe.Record($"enter {label}");
        await gate;
        RecordInTurn($"call {label}");
        return QueueTurn(() =>
        {
            RecordInTurn($"queued {label}");
            return Task.CompletedTask;
        });
    }

    public Task Record(string label)
    {
        RecordInTurn($"call {label}");
        return Task.CompletedTask;
    }

    public Task<bool> DeactivateThenQueue()
    {
        DeactivateOnIdle();
        return Task.FromResult(QueueTurn(() =>
        {
            RecordInTurn("queued after deactivation");
            return Task.CompletedTask;
        }));
    }

    /// <summary>Records the event and counts an overlap if another turn of this grain was running (never expected).</summary>
    private void RecordInTurn(string e)
    {
        if (_inTurn)
        {
            probe.Overlapped();
        }

        _inTurn = true;
        probe.Record(e);
        _inTurn = false;
    }
}
