using System.CommandLine;

namespace AcquirerEngine.Cli;

/// <summary>
/// Attaches an action to a command: resolves the global options, opens the gateway for this one
/// invocation, and hands the parsed command to <see cref="CliActions"/>.
/// </summary>
public sealed class Binder
{
    private readonly GlobalOptions _globals;

    public Binder(CliHost host, GlobalOptions globals)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(globals);
        Host = host;
        _globals = globals;
    }

    public CliHost Host { get; }

    public void Bind(Command command, Func<ParseResult, CliActions, CancellationToken, Task<int>> run)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(run);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            CliSettings settings;
            try
            {
                settings = _globals.Resolve(parseResult, Host.Environment);
            }
            catch (CliUsageException ex)
            {
                await Host.Error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.Failure;
            }

            using var gateway = Host.GatewayFactory(settings);
            var actions = new CliActions(gateway, new CliOutput(Host.Output, Host.Error, settings.Json), settings.Timeout);
            return await run(parseResult, actions, cancellationToken);
        });
    }
}
