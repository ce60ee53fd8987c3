using AcquirerEngine.Runtime;

namespace AcquirerEngine.Cluster.Tests.Routing;

public sealed class TallyGrain(string node) : Grain<TallyState>, ITallyGrain
{
    public async Task<TallyResult> AddAsync(int amount)
    {
        State.Total += amount;
        await WriteStateAsync();
        return new TallyResult(State.Total, node);
    }

    public Task FailAsync(string message) => throw new InvalidOperationException(message);
}
