using System.Globalization;
using AcquirerEngine.Benchmarks.Hosting;
using AcquirerEngine.Benchmarks.Reporting;

namespace AcquirerEngine.Benchmarks.Backlog;

/// <summary>
/// Item 5: a golden-week HVPS backlog drained at reopening. Modeled seconds are what the rail's rate allows
/// (queue / payouts per second); the engine's work per drain tick is measured on the simulated clock, and the
/// overhead is how much later than the modeled end a real clock would see the last credit (see DrainLag).
/// </summary>
public sealed record BacklogResult : IBenchmarkResult
{
    public string Benchmark => "backlog";

    public required string Store { get; init; }

    public required int Payouts { get; init; }

    /// <summary>Payouts from real merchants' settlement runs (one merchant each).</summary>
    public required int Merchants { get; init; }

    /// <summary>Payouts the benchmark enqueued itself through the rail's EnqueueAsync (see BacklogBenchmark).</summary>
    public required int BulkPayouts { get; init; }

    public required double BulkQueueSeconds { get; init; }

    /// <summary>Managed heap growth while the bulk payouts were queued, per payout (the rail's queue, index and journal traffic).</summary>
    public required double? BytesPerQueuedPayout { get; init; }

    public required int Seed { get; init; }

    public required string Channel { get; init; }

    public required int PayoutsPerSecond { get; init; }

    public required int MaxQueueDepth { get; init; }

    public required double SeedSeconds { get; init; }

    public required double QueueSeconds { get; init; }

    public required int QueuedAtReopening { get; init; }

    public required string ReopeningLocal { get; init; }

    public required int DrainTicks { get; init; }

    /// <summary>Queue length / modeled rate, in the rail's drain periods.</summary>
    public required double ModeledSeconds { get; init; }

    /// <summary>Wall time the engine spent draining (all ticks back to back on the simulated clock).</summary>
    public required double EngineBusySeconds { get; init; }

    public required double SlowestTickSeconds { get; init; }

    /// <summary>Mean tick wall time in each tenth of the drain, first to last: how a tick's cost grows with the drain.</summary>
    public required IReadOnlyList<double> TickSecondsByTenth { get; init; }

    /// <summary>The measured figure: real-clock drain end minus the modeled end.</summary>
    public required double OverheadSeconds { get; init; }

    public double TargetOverheadSeconds => BacklogOptions.TargetOverheadSeconds;

    public double RatioToTarget => Math.Round(OverheadSeconds / TargetOverheadSeconds, 3);

    public required int Credited { get; init; }

    public required int DistinctPayoutsCredited { get; init; }

    public required IReadOnlyList<GrainTypeWrites> DrainWrites { get; init; }

    /// <summary>The host's 1-minute load average at the end of the run, with its CPU count (figures under load are upper bounds).</summary>
    public double? HostLoadAverage { get; init; } = HostLoad.OneMinute();

    public int HostProcessors { get; init; } = Environment.ProcessorCount;

    public required bool Passed { get; init; }

    public required IReadOnlyList<string> Failures { get; init; }

    public string HumanLine() => string.Create(
        CultureInfo.InvariantCulture,
        $"backlog [{Store}]: {QueuedAtReopening:N0} payouts ({Merchants:N0} from merchants' runs, {BulkPayouts:N0} bulk) on {Channel} at {PayoutsPerSecond}/s: modeled {ModeledSeconds:0.0} s, "
        + $"engine busy {EngineBusySeconds:0.00} s (slowest tick {SlowestTickSeconds:0.000} s), overhead {OverheadSeconds:0.00} s "
        + $"(target {TargetOverheadSeconds:0} s, ratio {RatioToTarget:0.00}); {Credited:N0} credited once each; checks {(Passed ? "passed" : "FAILED")}");
}
