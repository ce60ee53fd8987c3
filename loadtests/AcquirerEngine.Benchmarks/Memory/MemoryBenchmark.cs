using System.Diagnostics;
using AcquirerEngine.Benchmarks.Hosting;
using AcquirerEngine.Benchmarks.Reporting;
using AcquirerEngine.Benchmarks.Seeding;

namespace AcquirerEngine.Benchmarks.Memory;

/// <summary>
/// Item 6. Starts the engine, measures the baseline, activates the merchants and terminals with realistic state
/// (onboarded profile and ledger, registered and signed-on terminals, sales captured in both), then forces a full
/// GC and measures again. Checks: every sale approved and every seeded grain still active (none was evicted, so the
/// figure is really "all active").
/// </summary>
public static class MemoryBenchmark
{
    public static readonly DateTime SalesLocal = new(2026, 11, 17, 10, 0, 0);

    public static async Task<MemoryResult> RunAsync(MemoryOptions options, ProgressLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var plan = new SeedPlan
        {
            Merchants = options.Merchants,
            Terminals = options.Terminals,
            Sales = options.Sales,
            SaleLocalTime = SalesLocal,
            Seed = options.Seed,
            Concurrency = options.Concurrency,
        };

        await using var engine = await BenchmarkEngine.StartAsync(options.Store, options.Engine, SalesLocal, cancellationToken);
        var before = engine.Runtime.ActiveActivationCount;
        var (baselineManaged, baselineWorkingSet) = Measure();
        log.Phase($"memory: baseline {baselineManaged / 1048576.0:0.0} MiB managed; seeding {plan.Merchants:N0} merchants, {plan.Terminals:N0} terminals, {plan.Sales:N0} sales");
        var atPhase = new Dictionary<SeedPhase, long>();
        var seeded = await WorldSeeder.SeedAsync(engine, plan, cancellationToken, phase =>
        {
            atPhase[phase] = Measure().Managed;
            log.Phase($"memory: {phase}: {atPhase[phase] / 1048576.0:0.0} MiB managed");
            return Task.CompletedTask;
        });
        var active = engine.Runtime.ActiveActivationCount;
        var (managed, workingSet) = Measure();
        var afterMerchants = atPhase[SeedPhase.MerchantsOnboarded];
        var afterTerminals = atPhase[SeedPhase.TerminalsSignedOn];
        log.Phase($"memory: {active:N0} activations, {managed / 1048576.0:0.0} MiB managed, {workingSet / 1048576.0:0.0} MiB working set");

        var failures = new FailureList();
        failures.Require(seeded.SalesApproved == plan.Sales, "every seeded sale is approved", $"{seeded.SalesApproved:N0} of {plan.Sales:N0} approved");
        var expected = before + plan.Merchants + plan.Terminals + 1;
        failures.Require(active >= expected, "every merchant and terminal is active", $"{active:N0} activations, expected at least {expected:N0} (with the directory)");
        return new MemoryResult
        {
            Store = engine.StoreDescription,
            Merchants = plan.Merchants,
            Terminals = plan.Terminals,
            Sales = plan.Sales,
            ActiveActivations = active,
            SeedSeconds = Math.Round(seeded.OnboardSeconds + seeded.SalesSeconds, 3),
            BaselineManagedBytes = baselineManaged,
            ManagedBytes = managed,
            BaselineWorkingSetBytes = baselineWorkingSet,
            WorkingSetBytes = workingSet,
            BytesPerMerchant = PerItem(afterMerchants - baselineManaged, plan.Merchants),
            BytesPerTerminal = PerItem(afterTerminals - afterMerchants, plan.Terminals),
            BytesPerSale = PerItem(managed - afterTerminals, plan.Sales),
            Passed = failures.ToList().Count == 0,
            Failures = failures.ToList(),
        };
    }

    private static double PerItem(long bytes, long items) => items == 0 ? 0 : Math.Round((double)bytes / items, 1);

    /// <summary>Managed heap after a full, blocking, compacting collection (twice, so finalized objects go too), and the working set.</summary>
    private static (long Managed, long WorkingSet) Measure()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var managed = GC.GetTotalMemory(forceFullCollection: false);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return (managed, process.WorkingSet64);
    }
}
