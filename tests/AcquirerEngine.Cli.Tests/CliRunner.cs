using AcquirerEngine.Cli;

namespace AcquirerEngine.Cli.Tests;

/// <summary>Runs the CLI in-process through the same entry as Program.Main, with captured output and a chosen environment.</summary>
public sealed class CliRunner
{
    private readonly Dictionary<string, string> _environment;
    private readonly Func<CliSettings, IAcquirerGateway>? _gatewayFactory;
    private readonly TimeProvider _timeProvider;

    public CliRunner(
        IReadOnlyDictionary<string, string>? environment = null,
        Func<CliSettings, IAcquirerGateway>? gatewayFactory = null,
        TimeProvider? timeProvider = null)
    {
        _environment = new Dictionary<string, string>(environment ?? new Dictionary<string, string>());
        _gatewayFactory = gatewayFactory;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>A runner whose every invocation talks to <paramref name="gateway"/>.</summary>
    public static CliRunner WithFake(FakeGateway gateway, IReadOnlyDictionary<string, string>? environment = null, TimeProvider? timeProvider = null) =>
        new(environment, settings =>
        {
            gateway.Settings = settings;
            return gateway;
        }, timeProvider);

    public async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var host = new CliHost(output, error, name => _environment.GetValueOrDefault(name), _timeProvider, _gatewayFactory);
        var exitCode = await AcquirerCli.RunAsync(args, host);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}
