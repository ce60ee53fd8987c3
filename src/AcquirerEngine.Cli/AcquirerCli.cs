using System.CommandLine;
using System.CommandLine.Invocation;

namespace AcquirerEngine.Cli;

/// <summary>
/// Parses and runs one command line. Everything process-wide (console, environment, clock, network)
/// comes in through <see cref="CliHost"/>, so tests run the very same path in-process.
/// </summary>
public static class AcquirerCli
{
    /// <summary>Runs <paramref name="args"/> and returns the process exit code (see <see cref="ExitCodes"/>).</summary>
    public static Task<int> RunAsync(string[] args, CliHost host, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(host);
        var root = CommandTree.Build(host);
        var invocation = new InvocationConfiguration { Output = host.Output, Error = host.Error };
        var parseResult = root.Parse(args);
        if (parseResult.Action is ParseErrorAction parseError)
        {
            // The error alone, on stderr: a screen of help on stdout buries it and pollutes a script's output.
            parseError.ShowHelp = false;
        }

        return parseResult.InvokeAsync(invocation, cancellationToken);
    }
}
