using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using AcquirerEngine.Server.Hosting;

namespace AcquirerEngine.Cli.Tests.EndToEnd;

/// <summary>
/// The real server as a separate process (its host is a static RunAsync, so it cannot share ours), on
/// loopback with a free port, its own data directory and a known operator token. Killed on dispose.
/// Trimmed from the server tests' EngineProcess, which a test project should not reference.
/// </summary>
public sealed partial class EngineProcess : IAsyncDisposable
{
    public const string OperatorToken = "cli-e2e-operator-token-0123456789";

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private EngineProcess(Process process)
    {
        _process = process;
    }

    public Uri Address { get; private set; } = null!;

    /// <summary>Everything the server printed so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<EngineProcess> StartAsync(string dataDirectory)
    {
        var serverAssembly = typeof(EngineHost).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(serverAssembly)!,
        };
        start.ArgumentList.Add(serverAssembly);
        start.ArgumentList.Add("--AcquirerEngine:Listen=127.0.0.1:0");
        start.ArgumentList.Add($"--AcquirerEngine:Storage:DataDirectory={dataDirectory}");
        start.Environment["AcquirerEngine__OperatorToken"] = OperatorToken;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the server");
        var engine = new EngineProcess(process);
        process.OutputDataReceived += (_, e) => engine.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => engine.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => engine._listening.TrySetException(
            new InvalidOperationException($"the server exited with {process.ExitCode} before listening:\n{engine.Output}"));

        try
        {
            engine.Address = await engine._listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            await engine.DisposeAsync();
            throw;
        }

        return engine;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        var match = ListeningLine().Match(line);
        if (match.Success)
        {
            _listening.TrySetResult(new Uri(match.Groups["address"].Value));
        }
    }

    [GeneratedRegex(@"gRPC \(h2c\) listening on (?<address>http://\S+)")]
    private static partial Regex ListeningLine();
}
