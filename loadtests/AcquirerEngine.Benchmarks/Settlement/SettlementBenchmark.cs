using System.Diagnostics;
using AcquirerEngine.Benchmarks.Hosting;
using AcquirerEngine.Benchmarks.Reporting;
using AcquirerEngine.Benchmarks.Seeding;
using AcquirerEngine.Domain.Channels;

namespace AcquirerEngine.Benchmarks.Settlement;

/// <summary>
/// Item 4. Seeds merchants, terminals and captured sales on a working day (Tuesday 2026-11-17, T+1), moves the
/// simulated clock to the 23:00 cut-off, then measures the wall time of advancing it to the 00:30 settlement run:
/// every merchant's reminder settles its ledger and hands the payout to a rail. The checks: every sale approved,
/// every ledger captured exactly the sales sent to it, every merchant has one payout carrying its whole net, and
/// R11 holds for every ledger.
/// </summary>
public static class SettlementBenchmark
{
    public static readonly DateTime SalesLocal = new(2026, 11, 17, 10, 0, 0);

    public static readonly DateTime CutOffLocal = new(2026, 11, 17, 23, 0, 0);

    public static readonly DateTime SettlementRunLocal = new(2026, 11, 18, 0, 30, 0);

    public static async Task<SettlementResult> RunAsync(SettlementOptions options, ProgressLog log, CancellationToken cancellationToken)
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
        log.Phase($"settlement: seeding {plan.Merchants:N0} merchants, {plan.Terminals:N0} terminals, {plan.Sales:N0} sales on {engine.StoreDescription}");
        var seeded = await WorldSeeder.SeedAsync(engine, plan, cancellationToken);
        log.Phase($"settlement: seeded (onboarding {seeded.OnboardSeconds:0.0} s, sales {seeded.SalesSeconds:0.0} s, {seeded.SalesPerSecond:0}/s, {seeded.AllocatedBytesPerSale:N0} B allocated per sale)");

        await engine.AdvanceToLocalAsync(CutOffLocal);
        engine.Storage.TakeSnapshot();
        log.Phase("settlement: at the cut-off; advancing to the settlement run");

        // CPU and allocations of the whole process in the window: steadier than wall time on a shared machine.
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        var collectionsBefore = GC.CollectionCount(0);
        var gcPauseBefore = GC.GetTotalPauseDuration();
        using var writer = new StoreWriterListener();
        using var gc = new GcWindowListener();
        var watch = Stopwatch.StartNew();
        await engine.AdvanceToLocalAsync(SettlementRunLocal);
        var seconds = watch.Elapsed.TotalSeconds;
        gc.EndWindow();
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        var allocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;
        var collections = GC.CollectionCount(0) - collectionsBefore;
        var gcPauseSeconds = (GC.GetTotalPauseDuration() - gcPauseBefore).TotalSeconds;
        var writerFigures = writer.Figures(seconds);
        var writes = engine.Storage.TakeSnapshot();
        log.Phase($"settlement: every merchant settled in {seconds:0.00} s; checking the ledgers");

        var failures = new FailureList();
        failures.Require(seeded.SalesApproved == plan.Sales, "every seeded sale is approved", $"{seeded.SalesApproved:N0} of {plan.Sales:N0} approved");
        var (withPayout, payoutTotal) = await CheckLedgersAsync(engine, plan, seeded, failures, cancellationToken);
        var accepted = 0;
        foreach (var kind in Enum.GetValues<ChannelKind>())
        {
            var status = await engine.Rail(kind).GetStatusAsync();
            accepted += status.QueueDepth;
        }

        var credits = await engine.Bank.GetAllCreditsAsync();
        accepted += credits.Count;

        // Read after the ledger checks (seconds later): the runtime's GC events reach a listener with a delay.
        var gcFigures = gc.Figures();
        return new SettlementResult
        {
            Store = engine.StoreDescription,
            Merchants = plan.Merchants,
            Terminals = plan.Terminals,
            Sales = plan.Sales,
            Seed = plan.Seed,
            MaxQueueDepth = options.Engine.MaxQueueDepth,
            MaxActivations = options.Engine.MaxActivations,
            ReminderDeliveryConcurrency = options.Engine.ReminderDeliveryConcurrency,
            OnboardSeconds = Math.Round(seeded.OnboardSeconds, 3),
            SalesLoadSeconds = Math.Round(seeded.SalesSeconds, 3),
            SalesLoadedPerSecond = Math.Round(seeded.SalesPerSecond, 1),
            SalesLoadAllocatedBytesPerSale = seeded.AllocatedBytesPerSale,
            CutOffToInstructionsSeconds = Math.Round(seconds, 3),
            WindowCpuSeconds = Math.Round(cpuSeconds, 3),
            WindowAllocatedBytesPerMerchant = plan.Merchants > 0 ? allocated / plan.Merchants : 0,
            WindowGen0Collections = collections,
            WindowGcPauseSeconds = Math.Round(gcPauseSeconds, 3),
            WindowGc = gcFigures,
            MerchantsWithPayout = withPayout,
            PayoutMinorTotal = payoutTotal,
            PayoutsAcceptedByRails = accepted,
            WindowWrites = writes,
            WindowStoreWriter = writerFigures,
            Passed = failures.ToList().Count == 0,
            Failures = failures.ToList(),
        };
    }

    /// <summary>Reads every merchant's balance: captured = what was sold to it, nothing pending, the net in a payout, R11.</summary>
    private static async Task<(int WithPayout, long PayoutTotal)> CheckLedgersAsync(
        BenchmarkEngine engine, SeedPlan plan, SeedReport seeded, FailureList failures, CancellationToken cancellationToken)
    {
        var withPayout = 0;
        long payoutTotal = 0;
        var gate = new object();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, plan.Merchants),
            new ParallelOptions { MaxDegreeOfParallelism = plan.Concurrency, CancellationToken = cancellationToken },
            async (m, _) =>
            {
                var merchantId = SeedIds.Merchant(m);
                var view = await engine.Merchant(merchantId).GetBalanceAsync();
                lock (gate)
                {
                    if (view is null)
                    {
                        failures.Add("every merchant is onboarded", merchantId);
                        return;
                    }

                    var balance = view.Balance;
                    var expected = seeded.CapturedMinorByMerchant.GetValueOrDefault(merchantId);
                    var payout = balance.QueuedMinor + balance.InTransitMinor + balance.PaidMinor;
                    failures.Require(balance.CapturedMinor == expected, "ledger captured = sales sent", $"{merchantId}: {balance.CapturedMinor} vs {expected}");
                    failures.Require(balance.PendingClearingMinor == 0, "nothing left pending after the run", $"{merchantId}: {balance.PendingClearingMinor} pending");
                    failures.Require(payout == expected - balance.FeesMinor, "the payout carries the whole net", $"{merchantId}: {payout} vs {expected - balance.FeesMinor}");
                    failures.Require(balance.IsConserved, "R11 holds", merchantId);
                    if (payout > 0)
                    {
                        withPayout++;
                        payoutTotal += payout;
                    }
                }
            });
        failures.Require(withPayout == plan.Merchants, "every merchant has a payout instruction", $"{withPayout:N0} of {plan.Merchants:N0}");
        return (withPayout, payoutTotal);
    }
}
