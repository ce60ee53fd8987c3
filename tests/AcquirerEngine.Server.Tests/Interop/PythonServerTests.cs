using System.Diagnostics;
using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Grpc;
using AcquirerEngine.Server.Tests.EndToEnd;
using AcquirerEngine.Testing;

namespace AcquirerEngine.Server.Tests.Interop;

/// <summary>
/// The client library's own HTTP/2 transport against a server that is not ours: Debian's python3-grpcio, whose HPACK
/// encoder (unlike Kestrel's) Huffman-codes strings and indexes fields, so the client's decoder and dynamic table meet
/// another implementation's choices.
/// </summary>
public sealed class PythonServerTests
{
    [Fact]
    public async Task The_direct_transport_calls_a_python_grpcio_server_concurrently_and_reads_its_errors_and_trailers()
    {
        using var descriptors = new TemporaryDirectory();
        var descriptorSet = await InteropDescriptors.WriteAsync(descriptors.Path);
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.Combine(RepositoryPaths.Interop, "python"),
        };
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.Interop, "python", "signon_server.py"));
        start.ArgumentList.Add(descriptorSet);
        using var server = Process.Start(start) ?? throw new InvalidOperationException("could not start python3");
        var stderr = server.StandardError.ReadToEndAsync();
        try
        {
            var ready = await server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            if (ready is null || !ready.StartsWith("port ", StringComparison.Ordinal))
            {
                // Its standard error ends once it has exited, which it has if it printed no port.
                Assert.Fail($"python server did not start: {ready}\n{await stderr.WaitAsync(TimeSpan.FromSeconds(10))}");
            }

            using var client = new GrpcClient(new Uri($"http://127.0.0.1:{ready![5..]}"), new GrpcClientOptions { Transport = GrpcClientTransport.DirectHttp2 });
            var terminal = new TerminalServiceClient(client);

            // Distinct trailer values on every call: the server's encoder adds and evicts dynamic-table entries.
            var results = await Task.WhenAll(Enumerable.Range(1, 300).Select(async i =>
            {
                var id = new string('t', 1 + (i % 40)) + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return (id.Length, (await terminal.SignOnAsync(new SignOnRequest { TerminalId = id })).BatchNo);
            })).WaitAsync(TimeSpan.FromSeconds(60));
            var ex = await Assert.ThrowsAsync<RpcException>(() => terminal.SignOnAsync(new SignOnRequest { TerminalId = "missing" }).WaitAsync(TimeSpan.FromSeconds(60)));

            Assert.All(results, r => Assert.Equal((uint)r.Length, r.BatchNo));
            Assert.Equal(StatusCode.NotFound, ex.StatusCode);
            Assert.Equal("terminal 'missing' not found (\u00fcn\u00efcode \u2713)", ex.Detail);
            Assert.Equal("no such terminal in the python peer", ex.Trailers.GetValue("x-reason"));
        }
        finally
        {
            server.StandardInput.Close();
            if (!server.WaitForExit(10_000))
            {
                server.Kill(entireProcessTree: true);
            }
        }
    }
}
