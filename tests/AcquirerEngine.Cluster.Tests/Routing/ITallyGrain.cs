using AcquirerEngine.Runtime;

namespace AcquirerEngine.Cluster.Tests.Routing;

public interface ITallyGrain : IGrainWithStringKey
{
    Task<TallyResult> AddAsync(int amount);

    Task FailAsync(string message);
}
