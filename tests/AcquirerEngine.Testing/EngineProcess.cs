using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace AcquirerEngine.Testing;

/// <summary>
/// The real server as a separate process (the same binary an operator runs), on loopback with a
/// free port, its own data directory and a known operator token. Killed on dispose, also when a test failed.
/// A test project that uses it references the Server project, so the server's binary lies beside the tests.
/// </summary>
public sealed partial class EngineProcess : IAsyncDisposable
{
    public const string OperatorToken = "e2e-operator-token-0123456789";

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private EngineProcess(Process process, string dataDirectory)
    {
        _process = process;
        DataDirectory = dataDirectory;
    }

    public Uri Address { get; private set; } = null!;

    /// <summary>The Prometheus /metrics URL (on a free port by default); null when the test turned metrics off.</summary>
    public Uri? MetricsAddress { get; private set; }

    public string DataDirectory { get; }

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

    /// <summary>Starts the server; <paramref name="settings"/> are extra --AcquirerEngine:Key=Value arguments.</summary>
    public static async Task<EngineProcess> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string>? settings = null)
    {
        var serverAssembly = Path.Combine(AppContext.BaseDirectory, "AcquirerEngine.Server.dll");
        if (!File.Exists(serverAssembly))
        {
            throw new InvalidOperationException($"{serverAssembly} is missing: reference the Server project from the test project.");
        }

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(serverAssembly)!,
        };
        start.ArgumentList.Add(serverAssembly);
        var arguments = new Dictionary<string, string>
        {
            ["Listen"] = "127.0.0.1:0",
            ["Storage:DataDirectory"] = dataDirectory,
            ["Metrics:Listen"] = "127.0.0.1:0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            arguments[key] = value;
        }

        foreach (var (key, value) in arguments)
        {
            start.ArgumentList.Add($"--AcquirerEngine:{key}={value}");
        }

        start.Environment["AcquirerEngine__OperatorToken"] = OperatorToken;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the server");
        var engine = new EngineProcess(process, dataDirectory);
        process.OutputDataReceived += (_, e) => engine.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => engine.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) =>
        {
            // Wait for the redirected output to drain, so the message carries the server's last words.
            process.WaitForExit();
            engine._listening.TrySetException(
                new InvalidOperationException($"the server exited with {process.ExitCode} before listening:\n{engine.Output}"));
        };

        engine.Address = await engine._listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return engine;
    }

    /// <summary>The server's process id (for signals).</summary>
    public int ProcessId => _process.Id;

    /// <summary>True once the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Sends a POSIX signal by name ("TERM" for a graceful stop, "STOP"/"CONT" to freeze and resume).</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })
            ?? throw new InvalidOperationException("could not run kill");
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {_process.Id} exited with {kill.ExitCode}");
        }
    }

    /// <summary>Waits for the process to end by itself (after a graceful stop), bounded.</summary>
    public Task WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync().WaitAsync(timeout);

    /// <summary>Kills the process hard (no graceful shutdown), as a crash would.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
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

        // The engine prints the metrics line before the gRPC one, so it is known once Address is.
        var metrics = MetricsListeningLine().Match(line);
        if (metrics.Success)
        {
            MetricsAddress = new Uri(metrics.Groups["address"].Value);
        }

        var match = ListeningLine().Match(line);
        if (match.Success)
        {
            _listening.TrySetResult(new Uri(match.Groups["address"].Value));
        }
    }

    [GeneratedRegex(@"gRPC \(h2c\) listening on (?<address>http://\S+)")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"metrics listening on (?<address>http://\S+)")]
    private static partial Regex MetricsListeningLine();
}
