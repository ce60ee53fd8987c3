namespace AcquirerEngine.Runtime.Tests.TestGrains;

public interface IQueuedTurnGrain : IGrainWithStringKey
{
    /// <summary>Records "enter {label}", then "call {label}" once <paramref name="gate"/> completes, then queues a turn recording "queued {label}".</summary>
    Task<bool> RecordThenQueue(string label, Task gate);

    Task Record(string label);

    /// <summary>Requests deactivation, then tries to queue a turn recording "queued after deactivation".</summary>
    Task<bool> DeactivateThenQueue();
}
