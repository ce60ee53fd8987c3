namespace AcquirerEngine.Server.Configuration;

/// <summary>
/// Everything an operator configures, bound from the "AcquirerEngine" configuration section
/// (appsettings.json, environment variables AcquirerEngine__..., or --AcquirerEngine:... arguments).
/// </summary>
public sealed class EngineSettings
{
    public const string SectionName = "AcquirerEngine";

    /// <summary>Cleartext HTTP/2 (h2c) endpoint for gRPC, "host:port". Port 0 picks a free port.</summary>
    public string Listen { get; set; } = "127.0.0.1:50051";

    /// <summary>Optional TLS endpoint "host:port"; needs <see cref="TlsCertificatePath"/>.</summary>
    public string? ListenTls { get; set; }

    /// <summary>PKCS#12 certificate for the TLS endpoint.</summary>
    public string? TlsCertificatePath { get; set; }

    public string? TlsCertificatePassword { get; set; }

    /// <summary>IANA time zone of the acquirer: local dates, void times and (later) the cut-off are in it.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    public ClockSettings Clock { get; set; } = new();

    public StorageSettings Storage { get; set; } = new();

    /// <summary>
    /// Bearer token required on every operator call. When empty with the embedded store, a random one
    /// is generated on first start, kept in the data directory and printed once.
    /// </summary>
    public string? OperatorToken { get; set; }

    public RuntimeSettings Runtime { get; set; } = new();

    public SettlementSettings Settlement { get; set; } = new();

    public SimulatedBankSettings SimulatedBank { get; set; } = new();

    public TerminalSettings Terminals { get; set; } = new();

    public GrpcSettings Grpc { get; set; } = new();

    public ClusterSettings Cluster { get; set; } = new();

    public MetricsSettings Metrics { get; set; } = new();
}
