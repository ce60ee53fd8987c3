using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace AcquirerEngine.LoadTests.Targets;

/// <summary>
/// The real server (the Server project's binary, built beside the harness) as a child process on
/// loopback: a free port, a temporary data directory, its own random operator token, the simulated clock.
/// Stopped and its data removed on dispose.
/// </summary>
public sealed partial class EmbeddedEngine : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _ownsDataDirectory;

    private EmbeddedEngine(Process process, string dataDirectory, bool ownsDataDirectory, string operatorToken)
    {
        _process = process;
        DataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
        OperatorToken = operatorToken;
    }

    public Uri Address { get; private set; } = null!;

    public string DataDirectory { get; }

    public string OperatorToken { get; }

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

    /// <summary>
    /// Starts the server on the simulated clock at <paramref name="simulatedStartLocal"/>;
    /// <paramref name="settings"/> are extra AcquirerEngine settings ("Storage:Provider" = "postgres", ...).
    /// </summary>
    public static async Task<EmbeddedEngine> StartAsync(string simulatedStartLocal, IReadOnlyDictionary<string, string> settings, TimeSpan startTimeout)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var serverAssembly = Path.Combine(AppContext.BaseDirectory, "AcquirerEngine.Server.dll");
        if (!File.Exists(serverAssembly))
        {
            throw new InvalidOperationException($"the server binary {serverAssembly} is missing; build the load harness project (it builds the server beside it)");
        }

        var ownsData = !settings.ContainsKey("Storage:DataDirectory");
        var dataDirectory = settings.GetValueOrDefault("Storage:DataDirectory")
            ?? Directory.CreateTempSubdirectory("acquirer-load-").FullName;
        var token = "load-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(serverAssembly);
        var arguments = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Listen"] = "127.0.0.1:0",

            // Its own free metrics port: the default (9464) may be taken by another engine on this machine.
            ["Metrics:Listen"] = "127.0.0.1:0",
            ["Storage:DataDirectory"] = dataDirectory,
            ["Clock:Mode"] = "simulated",
            ["Clock:SimulatedStart"] = simulatedStartLocal,
        };
        foreach (var (key, value) in settings)
        {
            arguments[key] = value;
        }

        foreach (var (key, value) in arguments)
        {
            start.ArgumentList.Add($"--AcquirerEngine:{key}={value}");
        }

        start.Environment["AcquirerEngine__OperatorToken"] = token;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the server process");
        var engine = new EmbeddedEngine(process, dataDirectory, ownsData, token);
        process.OutputDataReceived += (_, e) => engine.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => engine.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) =>
        {
            process.WaitForExit();
            engine._listening.TrySetException(new InvalidOperationException(
                $"the embedded server exited with code {process.ExitCode} before listening:\n{engine.Output}"));
        };

        try
        {
            engine.Address = await engine._listening.Task.WaitAsync(startTimeout).ConfigureAwait(false);
        }
        catch
        {
            await engine.DisposeAsync().ConfigureAwait(false);
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

        await _process.WaitForExitAsync().ConfigureAwait(false);
        _process.Dispose();
        if (_ownsDataDirectory)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temporary folder is harmless; the run's result matters more.
            }
        }
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
