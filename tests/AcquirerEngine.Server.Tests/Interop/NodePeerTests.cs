using AcquirerEngine.Server.Tests.EndToEnd;

namespace AcquirerEngine.Server.Tests.Interop;

/// <summary>Node's @grpc/grpc-js (a pure JavaScript HTTP/2 gRPC stack) against the real server.</summary>
public sealed class NodePeerTests
{
    [Fact]
    public async Task Node_grpc_js_signs_on_sells_repeats_voids_reverses_queries_and_sees_the_error_statuses()
    {
        var (exitCode, output) = await InteropPeer.RunAsync(
            "node",
            address => [Path.Combine(RepositoryPaths.Interop, "node", "terminal_peer.js"), address.Authority, RepositoryPaths.Protos, "JS"]);

        Assert.True(exitCode == 0, output);
        Assert.Contains("interop ok", output, StringComparison.Ordinal);
    }
}
