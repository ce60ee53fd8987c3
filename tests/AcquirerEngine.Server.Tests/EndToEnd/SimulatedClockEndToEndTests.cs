using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Grpc;
using AcquirerEngine.Testing;

namespace AcquirerEngine.Server.Tests.EndToEnd;

public sealed class SimulatedClockEndToEndTests
{
    [Fact]
    public async Task AdvanceClock_moves_a_simulated_server_and_never_goes_back()
    {
        using var data = new TemporaryDirectory();
        await using var engine = await EngineProcess.StartAsync(data.Path, new Dictionary<string, string>
        {
            ["Clock:Mode"] = "simulated",
            ["Clock:SimulatedStart"] = "2026-09-30T22:00:00",
        });
        using var clients = new EngineClients(engine.Address);

        var byDuration = await clients.Operator.AdvanceClockAsync(new AdvanceClockRequest { Seconds = 5400 });
        var toInstant = await clients.Operator.AdvanceClockAsync(new AdvanceClockRequest { ToLocalTime = "2026-10-08T09:00:00" });
        var backwards = await Assert.ThrowsAsync<RpcException>(() =>
            clients.Operator.AdvanceClockAsync(new AdvanceClockRequest { ToLocalTime = "2026-10-01T00:00:00" }));

        Assert.Equal("2026-09-30T23:30:00", byDuration.NowLocal);
        Assert.Equal("2026-10-08T09:00:00", toInstant.NowLocal);
        Assert.Equal(StatusCode.InvalidArgument, backwards.StatusCode);
    }

    [Fact]
    public async Task AdvanceClock_is_permission_denied_on_the_real_clock_and_unauthenticated_without_the_token()
    {
        using var data = new TemporaryDirectory();
        await using var engine = await EngineProcess.StartAsync(data.Path);
        using var clients = new EngineClients(engine.Address);

        var denied = await Assert.ThrowsAsync<RpcException>(() => clients.Operator.AdvanceClockAsync(new AdvanceClockRequest { Seconds = 60 }));
        var stranger = await Assert.ThrowsAsync<RpcException>(() =>
            clients.OperatorWithToken("a-stranger-token-123456").AdvanceClockAsync(new AdvanceClockRequest { Seconds = 60 }));

        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, stranger.StatusCode);
    }
}
