namespace AcquirerEngine.Runtime.Tests.TestGrains;

public interface ICounterGrain : IGrainWithStringKey
{
    Task<int> Add(int amount);

    Task<int> AddWithRecord(int amount, string recordId);

    Task<int> Get();

    /// <summary>Holds the turn until <paramref name="gate"/> completes.</summary>
    Task WaitFor(Task gate);

    /// <summary>Waits for the gate inside the turn, then adds and writes (to race a second writer).</summary>
    Task<int> AddAfter(Task gate, int amount);

    /// <summary>Increments an in-memory counter across many awaits, reporting any overlapping turn.</summary>
    Task<int> SlowIncrement(int yields);

    Task Deactivate();

    Task ThrowAsync(string message);

    Task ThrowSync(string message);

    Task<string> WhoAmI();
}
