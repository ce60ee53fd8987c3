namespace AcquirerEngine.Cli;

/// <summary>What the CLI takes from its surroundings; swapped out by tests instead of touching the real console.</summary>
public sealed class CliHost
{
    public CliHost(
        TextWriter output,
        TextWriter error,
        Func<string, string?> environment,
        TimeProvider timeProvider,
        Func<CliSettings, IAcquirerGateway>? gatewayFactory = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Output = output;
        Error = error;
        Environment = environment;
        TimeProvider = timeProvider;
        GatewayFactory = gatewayFactory ?? (settings => new GrpcAcquirerGateway(settings));
    }

    /// <summary>Results (human text or JSON).</summary>
    public TextWriter Output { get; }

    /// <summary>Errors and usage messages.</summary>
    public TextWriter Error { get; }

    /// <summary>Reads an environment variable (null when unset).</summary>
    public Func<string, string?> Environment { get; }

    /// <summary>The clock behind the default terminal local time.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Opens the connection to the engine for one invocation.</summary>
    public Func<CliSettings, IAcquirerGateway> GatewayFactory { get; }

    /// <summary>The real console, environment and clock, and the gRPC gateway.</summary>
    public static CliHost FromProcess() =>
        new(Console.Out, Console.Error, System.Environment.GetEnvironmentVariable, TimeProvider.System);
}
