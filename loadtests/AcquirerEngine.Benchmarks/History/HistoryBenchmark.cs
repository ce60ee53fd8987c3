using System.Diagnostics;
using System.Text.Json;
using AcquirerEngine.Benchmarks.Hosting;
using AcquirerEngine.Benchmarks.Reporting;
using AcquirerEngine.Benchmarks.Seeding;
using AcquirerEngine.Domain.Money;
using AcquirerEngine.Domain.Risk;
using AcquirerEngine.Domain.Terminals;

namespace AcquirerEngine.Benchmarks.History;

/// <summary>
/// The per-sale cost against history size. For each size: the pure domain parts that used to grow with it (the
/// merchant's risk evaluation and record over its kept card uses; the terminal's decide, apply and batch-age
/// question over its open batch), timed in a single-threaded loop, median of the rounds; then, through the real
/// grains on one merchant and one terminal seeded with that many sales, the process CPU per sale and per void and
/// the state bytes a void makes the terminal write. Checks: every measured sale approved, every void voided.
/// </summary>
public static class HistoryBenchmark
{
    public static readonly DateTime SalesLocal = new(2026, 11, 17, 10, 0, 0);

    // Few enough that the open batch stays near its history size while a round runs.
    private const int TerminalSalesPerRound = 1_000;

    // Few enough that a profile with no history stays far below the kept-uses bound while a batch runs.
    private const int RiskCapturesPerBatch = 32;

    // The voids' own STANs, above every sale's (history + measured sales stay below it).
    private const uint VoidStanBase = 900_000;
    private static readonly Currency Cny = Iso4217.TryFind("CNY", out var cny) ? cny : throw new InvalidOperationException("CNY missing from ISO 4217 table");
    private static readonly TerminalPolicy Policy = TerminalPolicy.Default with { PerSaleLimitMinor = 1_000_000_00 };

    public static async Task<HistoryResult> RunAsync(HistoryOptions options, ProgressLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var failures = new FailureList();
        var points = new List<HistoryPoint>();
        var store = "memory";

        // Warm-up, discarded: a full pass over every size, so no size measured runs the JIT's first tiers (the
        // runtime recompiles hot methods with profile data a while after their first calls).
        foreach (var history in options.Histories)
        {
            Median(options.Rounds, () => RiskRound(history, options.DomainCaptures));
            Median(options.Rounds, () => TerminalRound(history, TerminalSalesPerRound));
        }

        // The pure domain parts first, for every size: the grain rounds' garbage must not land in their timing.
        var domain = new Dictionary<int, (double Risk, double Terminal)>();
        foreach (var history in options.Histories)
        {
            var risk = Median(options.Rounds, () => RiskRound(history, options.DomainCaptures));
            var terminal = Median(options.Rounds, () => TerminalRound(history, TerminalSalesPerRound));
            domain[history] = (risk, terminal);
            log.Phase($"history {history:N0}: domain risk {risk:0} ns per capture, terminal {terminal:0} ns per sale");
        }

        await GrainRoundAsync(0, options with { Sales = Math.Min(options.Sales, 200), Voids = Math.Min(options.Voids, 50) }, new FailureList(), cancellationToken);
        foreach (var history in options.Histories)
        {
            var (grains, description) = await GrainRoundAsync(history, options, failures, cancellationToken);
            store = description;
            log.Phase($"history {history:N0}: sale {grains.SaleCpuMicros:0.0} us CPU, void {grains.VoidCpuMicros:0.0} us CPU, {grains.TerminalStateBytesPerVoid:N0} state bytes per void");
            points.Add(grains with { RiskNanosPerCapture = domain[history].Risk, TerminalNanosPerSale = domain[history].Terminal });
        }

        return new HistoryResult
        {
            Store = store,
            Sales = options.Sales,
            Voids = options.Voids,
            DomainCaptures = options.DomainCaptures,
            Rounds = options.Rounds,
            Points = points,
            HostLoadOneMinute = HostLoad.OneMinute(),
            Passed = failures.ToList().Count == 0,
            Failures = failures.ToList(),
        };
    }

    /// <summary>
    /// Nanoseconds per capture: evaluate the sale against the profile, then record it (what the ledger does per
    /// capture). The profile is built once with <paramref name="history"/> prior captures and each batch of
    /// <see cref="RiskCapturesPerBatch"/> starts from a fresh copy of it (loaded from its JSON, untimed), so a
    /// profile with no history is measured nearly empty, not after it filled up during the round.
    /// </summary>
    private static double RiskRound(int history, int captures)
    {
        var prior = new RiskProfile();
        for (var i = 0; i < history; i++)
        {
            prior.Record(12_345, $"tok_prior_{i}", SalesLocal.AddSeconds(i));
        }

        var json = JsonSerializer.Serialize(prior);
        var sales = new RiskSale[RiskCapturesPerBatch];
        for (var i = 0; i < sales.Length; i++)
        {
            sales[i] = new RiskSale("898000000000000", $"tx_{i}", 12_345 + (i % 7), $"tok_{i}", SalesLocal.AddSeconds(history + i));
        }

        var batches = Math.Max(1, captures / RiskCapturesPerBatch);
        var elapsed = TimeSpan.Zero;
        for (var batch = 0; batch < batches; batch++)
        {
            var profile = JsonSerializer.Deserialize<RiskProfile>(json)!;
            var watch = Stopwatch.StartNew();
            foreach (var sale in sales)
            {
                RiskEvaluator.Evaluate(profile, sale, RiskPolicy.Default);
                profile.Record(sale.AmountMinor, sale.CardToken, sale.LocalTime);
            }

            elapsed += watch.Elapsed;
        }

        return elapsed.TotalNanoseconds / (batches * RiskCapturesPerBatch);
    }

    /// <summary>Nanoseconds per sale on a terminal whose open batch already holds <paramref name="history"/> sales (what the grain's turn does in the domain).</summary>
    private static double TerminalRound(int history, int captures)
    {
        const string merchantId = "898000000000000";
        const string terminalId = "T0000000";
        var state = new TerminalState();
        Apply(state, TerminalDecider.Decide(state, new RegisterTerminalCommand(merchantId, terminalId)));
        Apply(state, TerminalDecider.Decide(state, new SignOnCommand(merchantId, terminalId)));
        for (var i = 0; i < history; i++)
        {
            Apply(state, TerminalDecider.Decide(state, Sale(merchantId, terminalId, (uint)(i + 1)), Policy));
        }

        var commands = new SaleCommand[captures];
        for (var i = 0; i < captures; i++)
        {
            commands[i] = Sale(merchantId, terminalId, (uint)(history + i + 1));
        }

        var watch = Stopwatch.StartNew();
        foreach (var command in commands)
        {
            Apply(state, TerminalDecider.Decide(state, command, Policy));
            TerminalQueries.OpenBatchStartedAt(state);
        }

        return watch.Elapsed.TotalNanoseconds / captures;
    }

    private static async Task<(HistoryPoint Point, string Store)> GrainRoundAsync(
        int history, HistoryOptions options, FailureList failures, CancellationToken cancellationToken)
    {
        await using var engine = await BenchmarkEngine.StartAsync(options.Store, options.Engine, SalesLocal, cancellationToken);
        var plan = new SeedPlan { Merchants = 1, Terminals = 1, Sales = history, SaleLocalTime = SalesLocal, Seed = options.Seed, Concurrency = 1 };
        await WorldSeeder.SeedAsync(engine, plan, cancellationToken);
        var merchantId = SeedIds.Merchant(0);
        var terminalId = SeedIds.Terminal(0);
        var terminal = engine.Terminal(terminalId);
        GC.Collect();
        GC.WaitForPendingFinalizers();

        var process = Process.GetCurrentProcess();
        var (saleCpu, saleWall) = await MeasureAsync(engine, process, async () =>
        {
            for (var i = 0; i < options.Sales; i++)
            {
                var outcome = await terminal.SaleAsync(Sale(merchantId, terminalId, (uint)(history + i + 1)));
                failures.Require(outcome.Result == SaleResult.Approved, "every measured sale is approved", $"sale {history + i + 1}: {outcome.Result}");
            }
        }, cancellationToken);

        engine.Storage.TakeSnapshot();
        var (voidCpu, voidWall) = await MeasureAsync(engine, process, async () =>
        {
            for (var i = 0; i < options.Voids; i++)
            {
                var stan = (uint)(history + i + 1);
                var key = new OriginalSaleKey(merchantId, terminalId, 1, stan, DateOnly.FromDateTime(SalesLocal));
                var outcome = await terminal.VoidAsync(new VoidCommand(key, (uint)(VoidStanBase + i), AmountOf(stan), SalesLocal));
                failures.Require(outcome.Result == VoidResult.Voided, "every measured void voids its sale", $"void of {stan}: {outcome.Result}");
            }
        }, cancellationToken);
        var terminalWrites = engine.Storage.TakeSnapshot().FirstOrDefault(w => w.GrainType == "terminal");
        var point = new HistoryPoint
        {
            PriorSales = history,
            RiskNanosPerCapture = 0,
            TerminalNanosPerSale = 0,
            SaleCpuMicros = Math.Round(saleCpu / options.Sales, 1),
            SaleWallMicros = Math.Round(saleWall / options.Sales, 1),
            VoidCpuMicros = options.Voids == 0 ? 0 : Math.Round(voidCpu / options.Voids, 1),
            VoidWallMicros = options.Voids == 0 ? 0 : Math.Round(voidWall / options.Voids, 1),
            TerminalStateBytesPerVoid = options.Voids == 0 || terminalWrites is null ? 0 : Math.Round((double)terminalWrites.StateBytes / options.Voids, 0),
        };
        return (point, engine.StoreDescription);
    }

    /// <summary>Process CPU (all threads) and wall microseconds of <paramref name="work"/> and the background turns it started.</summary>
    private static async Task<(double CpuMicros, double WallMicros)> MeasureAsync(
        BenchmarkEngine engine, Process process, Func<Task> work, CancellationToken cancellationToken)
    {
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        await work();
        await engine.Runtime.WaitForQuiescenceAsync(cancellationToken);
        watch.Stop();
        process.Refresh();
        return ((process.TotalProcessorTime - cpuBefore).TotalMicroseconds, watch.Elapsed.TotalMicroseconds);
    }

    private static SaleCommand Sale(string merchantId, string terminalId, uint stan) =>
        new(merchantId, terminalId, 1, stan, AmountOf(stan), Cny, CardType.Credit, $"tok_h_{stan}", SalesLocal);

    // Never a whole yuan figure: round amounts are a risk signal this benchmark is not about.
    private static long AmountOf(uint stan) => 12_301 + (stan % 97);

    private static void Apply(TerminalState state, TerminalOutcome outcome)
    {
        foreach (var terminalEvent in outcome.Events)
        {
            state.Apply(terminalEvent);
        }
    }

    private static double Median(int rounds, Func<double> round)
    {
        var figures = new double[rounds];
        for (var i = 0; i < rounds; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            figures[i] = round();
        }

        Array.Sort(figures);
        return Math.Round(figures[rounds / 2], 0);
    }
}
