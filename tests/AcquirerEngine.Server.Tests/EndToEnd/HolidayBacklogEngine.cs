using AcquirerEngine.Contracts.V1;
using AcquirerEngine.Grpc;
using AcquirerEngine.Testing;

namespace AcquirerEngine.Server.Tests.EndToEnd;

/// <summary>
/// One engine on the simulated clock that can be killed with SIGKILL and started again on the same store.
/// The simulated clock starts at Clock:SimulatedStart on every process start, so a restart resumes at the
/// local time the killed process had reached (what a real clock would show after a quick restart).
/// </summary>
public sealed class HolidayBacklogEngine : IAsyncDisposable
{
    private static readonly TimeSpan AdvanceTimeout = TimeSpan.FromMinutes(4);

    private readonly string _dataDirectory;
    private readonly IReadOnlyDictionary<string, string> _storage;
    private EngineProcess _process;

    private HolidayBacklogEngine(string dataDirectory, IReadOnlyDictionary<string, string> storage, EngineProcess process, string nowLocal)
    {
        _dataDirectory = dataDirectory;
        _storage = storage;
        _process = process;
        NowLocal = nowLocal;
        Clients = new EngineClients(process.Address);
    }

    public EngineClients Clients { get; private set; }

    /// <summary>The simulated local time the running process has reached.</summary>
    public string NowLocal { get; private set; }

    public int Restarts { get; private set; }

    public string Output => _process.Output;

    public static async Task<HolidayBacklogEngine> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string> storage, string startLocal)
    {
        var process = await EngineProcess.StartAsync(dataDirectory, Settings(storage, startLocal));
        return new HolidayBacklogEngine(dataDirectory, storage, process, startLocal);
    }

    public async Task AdvanceToAsync(string local)
    {
        var response = await Clients.Operator.AdvanceClockAsync(
            new AdvanceClockRequest { ToLocalTime = local }, new CallOptions { Timeout = AdvanceTimeout });
        Assert.Equal(local, response.NowLocal);
        NowLocal = response.NowLocal;
    }

    /// <summary>kill -9, then a new process on the same data directory with the clock at the reached local time.</summary>
    public async Task KillAndRestartAsync()
    {
        Clients.Dispose();
        await _process.KillAsync();
        await _process.DisposeAsync();
        _process = await EngineProcess.StartAsync(_dataDirectory, Settings(_storage, NowLocal));
        Clients = new EngineClients(_process.Address);
        Restarts++;
    }

    public async ValueTask DisposeAsync()
    {
        Clients.Dispose();
        await _process.DisposeAsync();
    }

    private static Dictionary<string, string> Settings(IReadOnlyDictionary<string, string> storage, string startLocal)
    {
        var settings = new Dictionary<string, string>(storage)
        {
            ["Clock:Mode"] = "simulated",
            ["Clock:SimulatedStart"] = startLocal,
        };
        return settings;
    }
}
