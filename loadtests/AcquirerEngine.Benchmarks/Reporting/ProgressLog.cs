using System.Diagnostics;
using System.Globalization;

namespace AcquirerEngine.Benchmarks.Reporting;

/// <summary>Phase progress on stderr (stdout carries only the result lines), with wall seconds since the run began.</summary>
public sealed class ProgressLog
{
    private readonly TextWriter _error;
    private readonly Stopwatch _since = Stopwatch.StartNew();

    public ProgressLog(TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        _error = error;
    }

    public static ProgressLog Silent { get; } = new(TextWriter.Null);

    public void Phase(string message) =>
        _error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{_since.Elapsed.TotalSeconds,8:0.0}s] {message}"));
}
