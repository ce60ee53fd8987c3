namespace AcquirerEngine.Cluster.Tests.Routing;

public sealed class TallyState
{
    public int Total { get; set; }
}
