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

    /// <summary>The engine's gRPC address.</summary>
    public Uri Address => _process.Address;

    /// <summary>The engine's Prometheus /metrics URL.</summary>
    public Uri MetricsAddress => _process.MetricsAddress ?? throw new InvalidOperationException("The engine printed no metrics address.");

    public string Output => _process.Output;

    public static Task<SimulatedEngine> StartAsync(string startLocal) => StartAsync(startLocal, null);

    /// <summary>Starts on the simulated clock; <paramref name="settings"/> are extra AcquirerEngine settings ("Settlement:RunTime").</summary>
    public static async Task<SimulatedEngine> StartAsync(string startLocal, IReadOnlyDictionary<string, string>? settings)
    {
        var data = new TemporaryDirectory();
        var arguments = new Dictionary<string, string>
        {
            ["Clock:Mode"] = "simulated",
            ["Clock:SimulatedStart"] = startLocal,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            arguments[key] = value;
        }

        EngineProcess process;
        try
        {
            process = await EngineProcess.StartAsync(data.Path, arguments);
        }
        catch
        {
            data.Dispose();
            throw;
        }

        return new SimulatedEngine(data, process);
    }

    public async Task AdvanceToAsync(string local)
    {
        var response = await Clients.Operator.AdvanceClockAsync(
            new AdvanceClockRequest { ToLocalTime = local }, new AcquirerEngine.Grpc.CallOptions { Timeout = TimeSpan.FromMinutes(2) });
        Assert.Equal(local, response.NowLocal);
    }

    public Task<Explanation> ExplainAsync(string merchantId, uint batchNo, uint stan, string localDate) =>
        ExplainAsync(merchantId, "T0000001", batchNo, stan, localDate);

    public Task<Explanation> ExplainAsync(string merchantId, string terminalId, uint batchNo, uint stan, string localDate) =>
        Clients.Operator.ExplainTransactionAsync(new ExplainTransactionRequest
        {
            MerchantId = merchantId,
            TerminalId = terminalId,
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
