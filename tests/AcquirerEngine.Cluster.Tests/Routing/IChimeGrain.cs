using AcquirerEngine.Runtime;

namespace AcquirerEngine.Cluster.Tests.Routing;

public interface IChimeGrain : IGrainWithStringKey
{
    Task RegisterAsync(string name, TimeSpan dueTime, TimeSpan period);
}
