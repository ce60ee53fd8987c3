using System.Diagnostics;
using System.Globalization;
using AcquirerEngine.Benchmarks.Reporting;
using AcquirerEngine.Benchmarks.Hosting;
using AcquirerEngine.Benchmarks.Seeding;
using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Domain.Payouts;
using AcquirerEngine.Domain.Settlement;
using AcquirerEngine.Grains.Channels;

namespace AcquirerEngine.Benchmarks.Backlog;

/// <summary>
/// Item 5, golden week as it happens: K merchants on D+1 each sell once above the 7x24 rails' per-item cap on
/// 2026-10-02 (a holiday), so the 00:30 run on 10-03 routes every payout to HVPS, which is closed until the evening
/// before the first working day. The clock then moves to just before the reopening and is stepped one drain
/// period at a time; each step's wall time is the engine's work for that tick. Checks: the whole backlog was
/// queued, the simulated bank credited every payout exactly once with the merchant's net, and every ledger shows
/// it paid with R11 holding.
/// </summary>
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
        var plan = new SeedPlan
        {
            Merchants = options.Payouts,
            Terminals = options.Payouts,
            Sales = options.Payouts,
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
        var closed = await hvps.GetStatusAsync();
        failures.Require(closed.State != ChannelState.Open, "HVPS is closed on the holiday", closed.Reason);
        failures.Require(closed.QueueDepth == plan.Merchants, "the whole backlog is queued on HVPS", $"{closed.QueueDepth:N0} of {plan.Merchants:N0} queued");
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
        var (credited, distinct) = await CheckBooksAsync(engine, plan, seeded, failures, cancellationToken);
        return new BacklogResult
        {
            Store = engine.StoreDescription,
            Payouts = plan.Merchants,
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

    /// <summary>The bank's statement against the ledgers: one credit per merchant, of its net, and every ledger paid and conserved.</summary>
    private static async Task<(int Credited, int Distinct)> CheckBooksAsync(
        BenchmarkEngine engine, SeedPlan plan, SeedReport seeded, FailureList failures, CancellationToken cancellationToken)
    {
        var credits = await engine.Bank.GetAllCreditsAsync();
        var distinct = credits.Select(c => c.PayoutId).Distinct(StringComparer.Ordinal).Count();
        failures.Require(distinct == credits.Count, "no payout is credited twice", $"{credits.Count - distinct:N0} repeated credits");
        failures.Require(credits.Count == plan.Merchants, "every queued payout is credited", $"{credits.Count:N0} of {plan.Merchants:N0}");
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
        return (credits.Count, distinct);
    }
}
