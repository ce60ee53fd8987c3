using System.Globalization;
using AcquirerEngine.Benchmarks.Hosting;
using AcquirerEngine.Benchmarks.Reporting;

namespace AcquirerEngine.Benchmarks.Settlement;

/// <summary>
/// Item 4: wall seconds from the cut-off until every merchant's payout instruction is in its ledger (the daily
/// settlement run of every merchant done), with the seeding rates and the store writes of the measured window.
/// </summary>
public sealed record SettlementResult : IBenchmarkResult
{
    public string Benchmark => "settlement";

    public required string Store { get; init; }

    public required int Merchants { get; init; }

    public required int Terminals { get; init; }

    public required long Sales { get; init; }

    public required int Seed { get; init; }

    public required int MaxQueueDepth { get; init; }

    public required int MaxActivations { get; init; }

    public required int ReminderDeliveryConcurrency { get; init; }

    public required double OnboardSeconds { get; init; }

    public required double SalesLoadSeconds { get; init; }

    public required double SalesLoadedPerSecond { get; init; }

    /// <summary>Managed bytes the process allocated while seeding the sales, per sale (terminal, journals, merchant ledger, store writes).</summary>
    public required long SalesLoadAllocatedBytesPerSale { get; init; }

    /// <summary>The measured figure: from the cut-off (23:00) to the last merchant's payout instruction written.</summary>
    public required double CutOffToInstructionsSeconds { get; init; }

    /// <summary>CPU (user + system) the whole process spent in the window: with wall time, how many cores the window used.</summary>
    public required double WindowCpuSeconds { get; init; }

    /// <summary>Managed bytes allocated in the window per merchant (the run, its rail enqueue, the runtime's turns and writes).</summary>
    public required long WindowAllocatedBytesPerMerchant { get; init; }

    /// <summary>Garbage collections (any generation counts as gen 0 too) in the window.</summary>
    public required int WindowGen0Collections { get; init; }

    /// <summary>Seconds the runtime held every managed thread for garbage collection in the window.</summary>
    public required double WindowGcPauseSeconds { get; init; }

    /// <summary>The window's collections per kind (count, pauses, bytes surviving each) and the heap's generations around them.</summary>
    public required GcWindowFigures WindowGc { get; init; }

    public double TargetSeconds => SettlementOptions.TargetSeconds;

    /// <summary>Measured / target: above 1 the target is missed by that factor.</summary>
    public double RatioToTarget => Math.Round(CutOffToInstructionsSeconds / TargetSeconds, 3);

    public required int MerchantsWithPayout { get; init; }

    public required long PayoutMinorTotal { get; init; }

    /// <summary>Payouts the rails took (queued or sent) by the end of the window; the rest wait for the next run (queue full).</summary>
    public required int PayoutsAcceptedByRails { get; init; }

    public required IReadOnlyList<GrainTypeWrites> WindowWrites { get; init; }

    /// <summary>The store writer in the window: busy share near 1 means the window waited on the single writer.</summary>
    public required StoreWriterFigures WindowStoreWriter { get; init; }

    /// <summary>The host's 1-minute load average at the end of the run, with its CPU count (figures under load are upper bounds).</summary>
    public double? HostLoadAverage { get; init; } = HostLoad.OneMinute();

    public int HostProcessors { get; init; } = Environment.ProcessorCount;

    public required bool Passed { get; init; }

    public required IReadOnlyList<string> Failures { get; init; }

    private string GcLine() => string.Join(
        ", ",
        WindowGc.ByKind.Where(k => k.Value.Collections > 0).Select(k => string.Create(
            CultureInfo.InvariantCulture,
            $"{k.Key} {k.Value.Collections} x {k.Value.PauseSeconds * 1000 / k.Value.Collections:0.0} ms, {k.Value.PromotedBytesPerCollection / 1024:N0} KB promoted each")));

    public string HumanLine() => string.Create(
        CultureInfo.InvariantCulture,
        $"settlement [{Store}]: {Sales:N0} sales / {Merchants:N0} merchants: cut-off to all payout instructions {CutOffToInstructionsSeconds:0.00} s "
        + $"(target {TargetSeconds:0} s, ratio {RatioToTarget:0.00}; CPU {WindowCpuSeconds:0.00} s, {WindowAllocatedBytesPerMerchant:N0} B allocated per merchant, GC pauses {WindowGcPauseSeconds:0.00} s ({GcLine()}); store writer busy {WindowStoreWriter.BusyShare:P0}, {WindowStoreWriter.WritesPerBatch:0.0} writes per batch); sales loaded {SalesLoadedPerSecond:N0}/s ({SalesLoadAllocatedBytesPerSale:N0} B allocated per sale); "
        + $"{MerchantsWithPayout:N0} payouts, {PayoutsAcceptedByRails:N0} taken by rails; checks {(Passed ? "passed" : "FAILED")}");
}
