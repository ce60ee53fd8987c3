using System.Diagnostics;
using System.Text;

namespace AcquirerEngine.Testing;

/// <summary>Runs a command to completion and captures its output, for the PostgreSQL tooling.</summary>
internal static class ProcessRunner
{
    public sealed record Result(int ExitCode, string Output);

    /// <summary>
    /// Runs <paramref name="fileName"/>; when <paramref name="runAsUser"/> is set it goes through
    /// runuser, because PostgreSQL refuses to run as root. Working directory is "/" so the other user
    /// never needs access to our current directory.
    /// </summary>
    public static async Task<Result> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string? runAsUser,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null,
        CancellationToken cancellationToken = default)
    {
        var startInfo = new ProcessStartInfo
        {
            WorkingDirectory = "/",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };

        if (runAsUser is null)
        {
            startInfo.FileName = fileName;
        }
        else
        {
            startInfo.FileName = "runuser";
            startInfo.ArgumentList.Add("-u");
            startInfo.ArgumentList.Add(runAsUser);
            startInfo.ArgumentList.Add("--");
            startInfo.ArgumentList.Add(fileName);
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                startInfo.Environment[key] = value;
            }
        }

        using var process = new Process { StartInfo = startInfo };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{fileName}' did not finish within {timeout}. Output so far:\n{Read(output)}");
        }

        // The parameterless wait flushes the asynchronous output readers.
        process.WaitForExit();
        return new Result(process.ExitCode, Read(output));
    }

    /// <summary>Like <see cref="RunAsync"/> but throws with the captured output on a non-zero exit code.</summary>
    public static async Task<string> RunCheckedAsync(
        string fileName,
        IEnumerable<string> arguments,
        string? runAsUser,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null,
        CancellationToken cancellationToken = default)
    {
        var result = await RunAsync(fileName, arguments, runAsUser, timeout, environment, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{fileName}' exited with code {result.ExitCode}:\n{result.Output}");
        }

        return result.Output;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Read(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
