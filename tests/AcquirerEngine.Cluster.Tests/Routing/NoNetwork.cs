using AcquirerEngine.Runtime.Placement;

namespace AcquirerEngine.Cluster.Tests.Routing;

/// <summary>A single node's network: a call that would leave the node fails the test.</summary>
public sealed class NoNetwork : IRemoteGrainInvoker
{
    public Task<byte[]> InvokeAsync(string address, RemoteGrainCall call, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"{call.GrainId} was called on {address}: this test has no other node.");
}
