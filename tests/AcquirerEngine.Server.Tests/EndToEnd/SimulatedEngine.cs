using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Testing;

namespace AcquirerEngine.Server.Tests.EndToEnd;

/// <summary>A server process on the simulated clock with its clients: days of settlement in seconds.</summary>
public sealed class SimulatedEngine : IAsyncDisposable
{
    private readonly TemporaryDirectory _data;
    private readonly EngineProcess _process;

    private SimulatedEngine(TemporaryDirectory data, EngineProcess process)
    {
        _data = data;
        _process = process;
        Clients = new EngineClients(process.Address);
    }

    public EngineClients Clients { get; }

    public string Output => _process.Output;

    public static async Task<SimulatedEngine> StartAsync(string startLocal)
    {
        var data = new TemporaryDirectory();
        var process = await EngineProcess.StartAsync(data.Path, new Dictionary<string, string>
        {
            ["Clock:Mode"] = "simulated",
            ["Clock:SimulatedStart"] = startLocal,
        });
        return new SimulatedEngine(data, process);
    }

    public async Task AdvanceToAsync(string local)
    {
        var response = await Clients.Operator.AdvanceClockAsync(
            new AdvanceClockRequest { ToLocalTime = local }, new AcquirerEngine.Grpc.CallOptions { Timeout = TimeSpan.FromMinutes(2) });
        Assert.Equal(local, response.NowLocal);
    }

    public Task<Explanation> ExplainAsync(string merchantId, uint batchNo, uint stan, string localDate) =>
        Clients.Operator.ExplainTransactionAsync(new ExplainTransactionRequest
        {
            MerchantId = merchantId,
            TerminalId = "T0000001",
            BatchNo = batchNo,
            Stan = stan,
            LocalDate = localDate,
        });

    public async ValueTask DisposeAsync()
    {
        Clients.Dispose();
        await _process.DisposeAsync();
        _data.Dispose();
    }
}
