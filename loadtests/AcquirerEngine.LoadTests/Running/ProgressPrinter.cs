using System.Globalization;
using AcquirerEngine.LoadTests.Stats;

namespace AcquirerEngine.LoadTests.Running;

/// <summary>
/// Live progress once a second: one line per tick when the output is redirected (CI logs), or a single
/// line rewritten in place on a terminal.
/// </summary>
public sealed class ProgressPrinter : IAsyncDisposable
{
    private readonly TextWriter _out;
    private readonly bool _inPlace;
    private readonly LoadRunner _runner;
    private readonly RunStats _stats;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _lastTotal;

    public ProgressPrinter(TextWriter output, bool inPlace, LoadRunner runner, RunStats stats)
    {
        _out = output;
        _inPlace = inPlace;
        _runner = runner;
        _stats = stats;
        _loop = LoopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping is the normal end of the loop.
        }

        if (_inPlace)
        {
            await _out.WriteLineAsync().ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
        {
            var steps = _stats.Snapshot(Math.Max(1e-9, _runner.MeasuredElapsedSeconds));
            var total = steps.Sum(s => s.Total);
            var perSecond = total - _lastTotal;
            _lastTotal = total;
            var sale = steps.FirstOrDefault(s => s.Name == "sale");
            var line = string.Create(
                CultureInfo.InvariantCulture,
                $"[{(_runner.InWarmup ? "warm-up" : $"{_runner.MeasuredElapsedSeconds,5:0}s")}] done {total} ({perSecond}/s), ok {steps.Sum(s => s.Ok)}, failed {steps.Sum(s => s.Failed)}, "
                + $"in flight {_runner.InFlight}, sale p50 {Ms(sale?.Latency.P50Micros)} p99 {Ms(sale?.Latency.P99Micros)} max {Ms(sale?.Latency.MaxMicros)}");
            if (_inPlace)
            {
                await _out.WriteAsync("\r" + line.PadRight(150)).ConfigureAwait(false);
            }
            else
            {
                await _out.WriteLineAsync(line).ConfigureAwait(false);
            }
        }
    }

    private static string Ms(long? micros) => micros is { } m ? string.Create(CultureInfo.InvariantCulture, $"{m / 1000.0:0.00}ms") : "-";
}
