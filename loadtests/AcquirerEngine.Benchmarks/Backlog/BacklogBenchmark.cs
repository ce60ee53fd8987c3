using System.Diagnostics;
using System.Globalization;
using AcquirerEngine.Benchmarks.Reporting;
using AcquirerEngine.Benchmarks.Hosting;
using AcquirerEngine.Benchmarks.Seeding;
using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Domain.Payouts;
using AcquirerEngine.Domain.Settlement;
using AcquirerEngine.Grains.Channels;
using AcquirerEngine.Grains.Payouts;

namespace AcquirerEngine.Benchmarks.Backlog;

/// <summary>
/// Item 5, golden week as it happens: K merchants on D+1 each sell once above the 7x24 rails' per-item cap on
/// 2026-10-02 (a holiday), so the 00:30 run on 10-03 routes every payout to HVPS, which is closed until the evening
/// before the first working day. The clock then moves to just before the reopening and is stepped one drain
/// period at a time; each step's wall time is the engine's work for that tick. Checks: the whole backlog was
/// queued, the simulated bank credited every payout exactly once with the merchant's net, and every ledger shows
/// it paid with R11 holding.
/// </summary>
/// <remarks>
/// A 1,000,000-payout backlog from 1,000,000 merchants would spend most of an hour seeding (onboarding, sales and
/// settlement runs that the reminder service delivers one at a time), none of which is the drain being measured.
/// So only <see cref="BacklogOptions.EffectiveMerchants"/> payouts come from real merchants; after their run the
/// benchmark hands the rest (bulk payouts, "BULK-n") to HVPS itself through the rail's own EnqueueAsync, exactly
/// the call a merchant's run makes, each paying one of those merchants' accounts. The rail's queue, its journal,
/// the bank and the notices to the merchant grains are then the same per payout; what a bulk payout lacks is the
/// merchant's ledger update when its notice arrives (the merchant ignores a payout id it never instructed).
/// The bulk phase also measures the managed heap per queued payout.
/// </remarks>
public static class BacklogBenchmark
{
    public static readonly DateTime SalesLocal = new(2026, 10, 2, 10, 0, 0);

    public static readonly DateTime SettlementRunLocal = new(2026, 10, 3, 0, 30, 0);

    /// <summary>Net of the smallest sale must exceed the 50,000.00 CNY cap of BEPS/IBPS, so only HVPS may carry it.</summary>
    public const long MinSaleMinor = 55_000_01;

    public const long MaxSaleMinor = 89_999_99;

    public static async Task<BacklogResult> RunAsync(BacklogOptions options, ProgressLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var engineOptions = options.EffectiveEngine;
        var merchants = options.EffectiveMerchants;
        var plan = new SeedPlan
        {
            Merchants = merchants,
            Terminals = merchants,
            Sales = merchants,
            SaleLocalTime = SalesLocal,
            Cycle = SettlementCycle.D1,
            MinSaleMinor = MinSaleMinor,
            MaxSaleMinor = MaxSaleMinor,
            Seed = options.Seed,
            Concurrency = options.Concurrency,
        };

        await using var engine = await BenchmarkEngine.StartAsync(options.Store, engineOptions, SalesLocal, cancellationToken);
        log.Phase($"backlog: seeding {plan.Merchants:N0} merchants with one large sale each on {engine.StoreDescription}");
        var seeded = await WorldSeeder.SeedAsync(engine, plan, cancellationToken);
        log.Phase($"backlog: seeded; the 00:30 run queues the payouts on the closed rail");

        var watch = Stopwatch.StartNew();
        await engine.AdvanceToLocalAsync(SettlementRunLocal);
        var queueSeconds = watch.Elapsed.TotalSeconds;
        var failures = new FailureList();
        failures.Require(seeded.SalesApproved == plan.Sales, "every seeded sale is approved", $"{seeded.SalesApproved:N0} of {plan.Sales:N0} approved");

        var hvps = engine.Rail(ChannelKind.Hvps);
        var bulk = new List<PayoutInstruction>(options.BulkPayouts);
        double bulkSeconds = 0;
        double? bytesPerQueuedPayout = null;
        if (options.BulkPayouts > 0)
        {
            log.Phase($"backlog: queueing {options.BulkPayouts:N0} bulk payouts on HVPS ({options.Concurrency} in flight)");
            var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
            var bulkWatch = Stopwatch.StartNew();
            bulk.AddRange(await BulkEnqueueAsync(engine, plan, options.BulkPayouts, failures, log, cancellationToken));
            bulkSeconds = bulkWatch.Elapsed.TotalSeconds;
            var heapAfter = GC.GetTotalMemory(forceFullCollection: true);
            bytesPerQueuedPayout = Math.Round((double)(heapAfter - heapBefore) / options.BulkPayouts, 1);
            GC.KeepAlive(bulk);
        }

        var closed = await hvps.GetStatusAsync();
        failures.Require(closed.State != ChannelState.Open, "HVPS is closed on the holiday", closed.Reason);
        failures.Require(closed.QueueDepth == options.Payouts, "the whole backlog is queued on HVPS", $"{closed.QueueDepth:N0} of {options.Payouts:N0} queued");
        if (closed.NextOpeningLocal is not { } opening)
        {
            throw new InvalidOperationException($"HVPS announces no opening: {closed.Reason}");
        }

        var pace = DrainPacing.For(ChannelDefaults.Hvps, BankChannelOptions.Default.MinimumDrainPeriod);
        log.Phase($"backlog: {closed.QueueDepth:N0} queued ({queueSeconds:0.0} s); moving to the reopening at {opening:yyyy-MM-dd HH:mm}");
        await engine.AdvanceToLocalAsync(opening - pace.Period);
        engine.Storage.TakeSnapshot();

        // Enough ticks for the modeled drain, plus slack for notices and the rail's own re-planning.
        var modeledTicks = (closed.QueueDepth + pace.BudgetPerDrain - 1) / pace.BudgetPerDrain;
        var maxTicks = modeledTicks + 600;
        var work = new List<double>(modeledTicks + 1);
        var tickWatch = new Stopwatch();
        while (work.Count < maxTicks)
        {
            tickWatch.Restart();
            await engine.Clock.AdvanceAsync(pace.Period, cancellationToken);
            work.Add(tickWatch.Elapsed.TotalSeconds);
            var status = await hvps.GetStatusAsync();
            if (status.QueueDepth == 0 && status.PendingNotices == 0 && status.SendingCount == 0)
            {
                break;
            }

            if (work.Count % 500 == 0)
            {
                log.Phase($"backlog: tick {work.Count:N0}, {status.QueueDepth:N0} still queued");
            }
        }

        var drainWrites = engine.Storage.TakeSnapshot();
        var busy = work.Sum();
        log.Phase($"backlog: drained in {work.Count:N0} ticks, engine busy {busy:0.00} s; checking the bank and the ledgers");
        var (credited, distinct) = await CheckBooksAsync(engine, plan, seeded, bulk, failures, cancellationToken);
        return new BacklogResult
        {
            Store = engine.StoreDescription,
            Payouts = options.Payouts,
            Merchants = plan.Merchants,
            BulkPayouts = bulk.Count,
            BulkQueueSeconds = Math.Round(bulkSeconds, 3),
            BytesPerQueuedPayout = bytesPerQueuedPayout,
            Seed = plan.Seed,
            Channel = ChannelKind.Hvps.ToString(),
            PayoutsPerSecond = ChannelDefaults.Hvps.PayoutsPerSecond,
            MaxQueueDepth = engineOptions.MaxQueueDepth,
            SeedSeconds = Math.Round(seeded.OnboardSeconds + seeded.SalesSeconds, 3),
            QueueSeconds = Math.Round(queueSeconds, 3),
            QueuedAtReopening = closed.QueueDepth,
            ReopeningLocal = opening.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
            DrainTicks = work.Count,
            ModeledSeconds = modeledTicks * pace.Period.TotalSeconds,
            EngineBusySeconds = Math.Round(busy, 3),
            SlowestTickSeconds = Math.Round(work.Count > 0 ? work.Max() : 0, 4),
            TickSecondsByTenth = ByTenth(work),
            OverheadSeconds = Math.Round(DrainLag.OverheadSeconds(work, pace.Period.TotalSeconds), 3),
            Credited = credited,
            DistinctPayoutsCredited = distinct,
            DrainWrites = drainWrites,
            Passed = failures.ToList().Count == 0,
            Failures = failures.ToList(),
        };
    }

    /// <summary>Mean of each tenth of the ticks (fewer groups when there are fewer than ten ticks).</summary>
    public static IReadOnlyList<double> ByTenth(IReadOnlyList<double> ticks)
    {
        ArgumentNullException.ThrowIfNull(ticks);
        var groups = Math.Min(10, ticks.Count);
        return [.. Enumerable.Range(0, groups).Select(g =>
        {
            var from = g * ticks.Count / groups;
            var to = (g + 1) * ticks.Count / groups;
            return Math.Round(ticks.Skip(from).Take(to - from).Average(), 4);
        })];
    }

    /// <summary>
    /// Hands <paramref name="count"/> payouts to HVPS through the rail's EnqueueAsync, as a merchant's settlement run
    /// does, <see cref="SeedPlan.Concurrency"/> at a time; each pays one of the seeded merchants' accounts.
    /// </summary>
    private static async Task<PayoutInstruction[]> BulkEnqueueAsync(
        BenchmarkEngine engine, SeedPlan plan, int count, FailureList failures, ProgressLog log, CancellationToken cancellationToken)
    {
        var hvps = engine.Rail(ChannelKind.Hvps);
        var runDate = DateOnly.FromDateTime(SettlementRunLocal);
        var instructions = new PayoutInstruction[count];
        var refused = 0;
        var next = -1;
        var workers = Enumerable.Range(0, Math.Min(plan.Concurrency, count)).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var instruction = BulkInstruction(plan, i, runDate);
                instructions[i] = instruction;
                var result = await hvps.EnqueueAsync(instruction);
                if (result.Outcome != EnqueueOutcome.Queued && Interlocked.Increment(ref refused) <= 10)
                {
                    failures.Add("every bulk payout is queued", $"{instruction.PayoutId}: {result.Outcome} {result.Reason}");
                }

                if ((i + 1) % 100_000 == 0)
                {
                    log.Phase($"backlog: {i + 1:N0} bulk payouts queued");
                }
            }
        }, cancellationToken));
        await Task.WhenAll(workers);
        await engine.Runtime.WaitForQuiescenceAsync(cancellationToken);
        return instructions;
    }

    /// <summary>Bulk payout <paramref name="index"/>: its id, the merchant whose account it pays, and an amount from the seed.</summary>
    public static PayoutInstruction BulkInstruction(SeedPlan plan, int index, DateOnly runDate)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var merchant = index % plan.Merchants;
        return new PayoutInstruction(
            BulkPayoutId(index),
            SeedIds.Merchant(merchant),
            WorldSeeder.Amount(plan, plan.Sales + index),
            "CNY",
            new PayoutAccount(SeedIds.BankCode, SeedIds.Account(merchant), PayoutDestination.Interbank),
            ChannelKind.Hvps,
            runDate,
            SettlementRunLocal);
    }

    public static string BulkPayoutId(int index) => string.Create(CultureInfo.InvariantCulture, $"{BulkPrefix}{index:D7}");

    private const string BulkPrefix = "BULK-";

    /// <summary>
    /// The bank's statement against the ledgers: one credit per merchant payout, of its net, every ledger paid and
    /// conserved; and each bulk payout credited exactly once, with its amount, by HVPS.
    /// </summary>
    private static async Task<(int Credited, int Distinct)> CheckBooksAsync(
        BenchmarkEngine engine, SeedPlan plan, SeedReport seeded, IReadOnlyList<PayoutInstruction> bulk, FailureList failures, CancellationToken cancellationToken)
    {
        var allCredits = await engine.Bank.GetAllCreditsAsync();
        var distinct = allCredits.Select(c => c.PayoutId).Distinct(StringComparer.Ordinal).Count();
        failures.Require(distinct == allCredits.Count, "no payout is credited twice", $"{allCredits.Count - distinct:N0} repeated credits");
        failures.Require(allCredits.Count == plan.Merchants + bulk.Count, "every queued payout is credited", $"{allCredits.Count:N0} of {plan.Merchants + bulk.Count:N0}");

        var bulkCredits = allCredits.Where(c => c.PayoutId.StartsWith(BulkPrefix, StringComparison.Ordinal))
            .GroupBy(c => c.PayoutId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var instruction in bulk)
        {
            var lines = bulkCredits.GetValueOrDefault(instruction.PayoutId) ?? [];
            failures.Require(lines.Count == 1, "each bulk payout is credited exactly once", $"{instruction.PayoutId}: {lines.Count} credits");
            failures.Require(
                lines.All(l => l.AmountMinor == instruction.AmountMinor && l.Channel == ChannelKind.Hvps && l.AccountNumber == instruction.Account.AccountNumber),
                "the bank credited each bulk payout's amount to its account via HVPS",
                instruction.PayoutId);
        }

        var credits = allCredits.Where(c => !c.PayoutId.StartsWith(BulkPrefix, StringComparison.Ordinal)).ToList();
        var creditsByAccount = credits.GroupBy(c => c.AccountNumber, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
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
                    var net = seeded.CapturedMinorByMerchant.GetValueOrDefault(merchantId) - balance.FeesMinor;
                    var lines = creditsByAccount.GetValueOrDefault(SeedIds.Account(m)) ?? [];
                    failures.Require(lines.Count == 1, "each merchant is credited exactly once", $"{merchantId}: {lines.Count} credits");
                    failures.Require(lines.Sum(l => l.AmountMinor) == net, "the bank credited the merchant's net", $"{merchantId}: {lines.Sum(l => l.AmountMinor)} vs {net}");
                    failures.Require(lines.All(l => l.Channel == ChannelKind.Hvps), "the backlog is paid by HVPS", merchantId);
                    failures.Require(balance.PaidMinor == net && balance.QueuedMinor == 0, "the ledger shows the payout paid", $"{merchantId}: paid {balance.PaidMinor}, queued {balance.QueuedMinor}");
                    failures.Require(balance.IsConserved, "R11 holds", merchantId);
                }
            });
        return (allCredits.Count, distinct);
    }
}
