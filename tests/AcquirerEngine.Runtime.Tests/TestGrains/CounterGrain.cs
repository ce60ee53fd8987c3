using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Runtime.Tests.TestGrains;

public sealed class CounterGrain(GrainProbe probe) : Grain<CounterState>, ICounterGrain
{
    private int _inside;
    private int _slowCount;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        probe.Activated();
        probe.Record($"activate {GetPrimaryKeyString()} value={State.Value}");
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        probe.Deactivated(GrainId, reason);
        return Task.CompletedTask;
    }

    public async Task<int> Add(int amount)
    {
        State.Value += amount;
        await WriteStateAsync();
        return State.Value;
    }

    public async Task<int> AddWithRecord(int amount, string recordId)
    {
        State.Value += amount;
        await WriteStateAsync([new JournalRecord(recordId, "add", BitConverter.GetBytes(amount))]);
        return State.Value;
    }

    public Task<int> Get() => Task.FromResult(State.Value);

    public async Task WaitFor(Task gate)
    {
        probe.Record($"enter {GetPrimaryKeyString()}");
        await gate;
        probe.Record($"exit {GetPrimaryKeyString()}");
    }

    public async Task<int> AddAfter(Task gate, int amount)
    {
        probe.Record($"enter {GetPrimaryKeyString()}");
        await gate;
        return await Add(amount);
    }

    public async Task<int> SlowIncrement(int yields)
    {
        if (Interlocked.Increment(ref _inside) != 1)
        {
            probe.Overlapped();
        }

        var before = _slowCount;
        for (var i = 0; i < yields; i++)
        {
            await Task.Yield();
        }

        // A lost update here would also reveal interleaving.
        _slowCount = before + 1;
        Interlocked.Decrement(ref _inside);
        return _slowCount;
    }

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public async Task ThrowAsync(string message)
    {
        await Task.Yield();
        throw new InvalidOperationException(message);
    }

    public Task ThrowSync(string message) => throw new ArgumentException(message);

    public Task<string> WhoAmI() => Task.FromResult(GrainId.ToString());
}
