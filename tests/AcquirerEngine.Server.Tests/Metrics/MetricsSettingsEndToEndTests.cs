using System.Net;
using System.Net.Sockets;
using AcquirerEngine.Testing;

namespace AcquirerEngine.Server.Tests.Metrics;

public sealed class MetricsSettingsEndToEndTests
{
    [Fact]
    public async Task An_empty_listen_setting_turns_the_metrics_endpoint_off()
    {
        using var data = new TemporaryDirectory();
        await using var engine = await EngineProcess.StartAsync(data.Path, new Dictionary<string, string> { ["Metrics:Listen"] = "" });

        Assert.Null(engine.MetricsAddress);
        Assert.DoesNotContain("metrics listening", engine.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_grpc_port_cannot_also_be_the_metrics_port()
    {
        using var data = new TemporaryDirectory();

        // Refused while reading the settings, before anything binds: the port is never opened.
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => EngineProcess.StartAsync(
            data.Path,
            new Dictionary<string, string> { ["Listen"] = "127.0.0.1:50999", ["Metrics:Listen"] = "127.0.0.1:50999" }));

        Assert.Contains("exited with 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("AcquirerEngine:Metrics:Listen needs a port of its own", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_metrics_port_already_taken_stops_the_engine_with_exit_code_2_naming_the_setting()
    {
        using var data = new TemporaryDirectory();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            EngineProcess.StartAsync(data.Path, new Dictionary<string, string> { ["Metrics:Listen"] = $"127.0.0.1:{port}" }));

        Assert.Contains("exited with 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot listen", error.Message, StringComparison.Ordinal);
        Assert.Contains("Metrics:Listen", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_metrics_port_serves_only_metrics_and_the_grpc_port_does_not_serve_metrics()
    {
        using var data = new TemporaryDirectory();
        await using var engine = await EngineProcess.StartAsync(data.Path);
        using var http = new HttpClient(new SocketsHttpHandler());
        var metrics = engine.MetricsAddress!;

        using var other = await http.GetAsync(new Uri(metrics, "/other"));
        using var post = await http.PostAsync(metrics, new StringContent(""));
        using var onGrpcPort = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(engine.Address, "/metrics"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        });

        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, onGrpcPort.StatusCode);
    }
}
