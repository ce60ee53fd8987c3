using AcquirerEngine.Grpc.Tests.Infrastructure;
using Grpc.Health.V1;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace AcquirerEngine.Grpc.Tests.Health;

public sealed class HealthServiceTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Check_reports_serving_for_the_server_and_set_services_and_not_found_for_unknown_ones()
    {
        var health = new HealthServiceImpl();
        health.SetStatus("acquirer.v1.TerminalService", ServingStatus.NotServing);
        await using var server = await GrpcTestServer.StartAsync(r => r.AddService(GrpcServiceDescriptors.Health, health));
        using var client = new GrpcClient(server.Address);
        var healthClient = new HealthClient(client);

        var whole = await healthClient.CheckAsync(new HealthCheckRequest());
        var terminal = await healthClient.CheckAsync(new HealthCheckRequest { Service = "acquirer.v1.TerminalService" });
        var ex = await Assert.ThrowsAsync<RpcException>(() => healthClient.CheckAsync(new HealthCheckRequest { Service = "no.such.Service" }));

        Assert.Equal(ServingStatus.Serving, whole.Status);
        Assert.Equal(ServingStatus.NotServing, terminal.Status);
        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
    }

    [Fact]
    public async Task Cleared_service_is_not_found_again_and_shutdown_marks_everything_not_serving()
    {
        var health = new HealthServiceImpl();
        health.SetStatus("a", ServingStatus.Serving);
        health.ClearStatus("a");
        health.SetStatus("b", ServingStatus.Serving);
        health.EnterShutdown();
        var context = new ServerCallContext("/grpc.health.v1.Health/Check", null, new Metadata(), "test", CancellationToken.None);

        var ex = await Assert.ThrowsAsync<RpcException>(() => health.CheckAsync(new HealthCheckRequest { Service = "a" }, context));

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Equal(ServingStatus.NotServing, health.GetStatus("b"));
        Assert.Equal(ServingStatus.NotServing, health.GetStatus(string.Empty));
    }

    [Fact]
    public async Task Watch_sends_the_current_status_then_each_change_and_stops_when_the_client_leaves()
    {
        var health = new HealthServiceImpl();
        await using var server = await GrpcTestServer.StartAsync(r => r.AddService(GrpcServiceDescriptors.Health, health));
        using var client = new GrpcClient(server.Address);
        using var cts = new CancellationTokenSource(Patience);

        var seen = new List<ServingStatus>();
        await using (var e = new HealthClient(client).WatchAsync(new HealthCheckRequest { Service = "svc" }).GetAsyncEnumerator(cts.Token))
        {
            Assert.True(await e.MoveNextAsync());
            seen.Add(e.Current.Status);

            health.SetStatus("svc", ServingStatus.Serving);
            Assert.True(await e.MoveNextAsync());
            seen.Add(e.Current.Status);

            health.SetStatus("svc", ServingStatus.Serving); // not a change: not sent
            health.SetStatus("other", ServingStatus.NotServing); // another service: not sent
            health.SetStatus("svc", ServingStatus.NotServing);
            Assert.True(await e.MoveNextAsync());
            seen.Add(e.Current.Status);
        }

        Assert.Equal([ServingStatus.ServiceUnknown, ServingStatus.Serving, ServingStatus.NotServing], seen);
    }

    [Fact]
    public async Task Watch_ends_with_deadline_exceeded_when_its_deadline_passes()
    {
        var health = new HealthServiceImpl();
        await using var server = await GrpcTestServer.StartAsync(r => r.AddService(GrpcServiceDescriptors.Health, health));
        using var client = new GrpcClient(server.Address);

        var seen = new List<ServingStatus>();
        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var r in new HealthClient(client).WatchAsync(new HealthCheckRequest(), new CallOptions { Timeout = TimeSpan.FromSeconds(1) }))
            {
                seen.Add(r.Status);
            }
        });

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
        Assert.Equal([ServingStatus.Serving], seen);
    }
}
