using AcquirerEngine.LoadTests.Scenarios;
using AcquirerEngine.LoadTests.Thresholds;

namespace AcquirerEngine.LoadTests.Options;

/// <summary>A run as the command line asked for it.</summary>
public sealed record HarnessOptions
{
    public string Scenario { get; init; } = "";

    /// <summary>Node addresses of a running engine; empty means start the embedded engine.</summary>
    public IReadOnlyList<Uri> Targets { get; init; } = [];

    public string? OperatorToken { get; init; }

    /// <summary>Extra AcquirerEngine settings for the embedded engine ("Storage:Provider" = "postgres").</summary>
    public IReadOnlyDictionary<string, string> EngineSettings { get; init; } = new Dictionary<string, string>();

    public ScenarioSettings Settings { get; init; } = new();

    public IReadOnlyList<Threshold> Thresholds { get; init; } = [];

    public int Seed { get; init; }

    public string ReportDirectory { get; init; } = "load-report";

    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public int MaxInFlight { get; init; } = 10_000;

    /// <summary>How the harness's gRPC client carries its calls (its own HTTP/2 connections unless told otherwise).</summary>
    public AcquirerEngine.Grpc.GrpcClientTransport ClientTransport { get; init; } = AcquirerEngine.Grpc.GrpcClientTransport.DirectHttp2;

    public bool ListScenarios { get; init; }

    public bool Help { get; init; }
}
