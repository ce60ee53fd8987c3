using System.Diagnostics;
using AcquirerEngine.Server.Tests.EndToEnd;
using AcquirerEngine.Testing;

namespace AcquirerEngine.Server.Tests.Interop;

/// <summary>Runs an independent gRPC peer program (Python or Node) against a fresh engine process.</summary>
public static class InteropPeer
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string fileName, Func<Uri, IEnumerable<string>> arguments)
    {
        using var data = new TemporaryDirectory();
        await using var engine = await EngineProcess.StartAsync(data.Path);
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Interop,
        };
        foreach (var argument in arguments(engine.Address))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["AE_OPERATOR_TOKEN"] = EngineProcess.OperatorToken;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout + await stderr;
        return (process.ExitCode, $"{output}\n--- engine ---\n{engine.Output}");
    }
}
