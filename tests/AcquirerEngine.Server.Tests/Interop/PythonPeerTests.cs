using AcquirerEngine.Server.Tests.EndToEnd;
using AcquirerEngine.Testing;

namespace AcquirerEngine.Server.Tests.Interop;

/// <summary>Debian's python3-grpcio (a C-core gRPC stack, not ours) against the real server.</summary>
public sealed class PythonPeerTests
{
    [Fact]
    public async Task Python_grpcio_signs_on_sells_repeats_voids_reverses_queries_and_sees_the_error_statuses()
    {
        using var descriptors = new TemporaryDirectory();
        var descriptorSet = await InteropDescriptors.WriteAsync(descriptors.Path);

        var (exitCode, output) = await InteropPeer.RunAsync(
            "/usr/bin/python3",
            address => [Path.Combine(RepositoryPaths.Interop, "python", "terminal_peer.py"), address.Authority, descriptorSet, "PY"]);

        Assert.True(exitCode == 0, output);
        Assert.Contains("interop ok", output, StringComparison.Ordinal);
    }
}
