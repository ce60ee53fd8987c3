using System.CommandLine;
using AcquirerEngine.Benchmarks.Backlog;
using System.Globalization;
using AcquirerEngine.Benchmarks.History;
using AcquirerEngine.Benchmarks.Hosting;
using AcquirerEngine.Benchmarks.Memory;
using AcquirerEngine.Benchmarks.Reporting;
using AcquirerEngine.Benchmarks.SchemaUpgrade;
using AcquirerEngine.Benchmarks.Settlement;

namespace AcquirerEngine.Benchmarks;

/// <summary>
/// acquirer-bench settlement|backlog|memory|history|schema-upgrade [sizes] [--store sqlite|postgres|memory]. Result lines go to
/// <c>output</c> (one JSON line prefixed "RESULT ", one human line), progress and errors to <c>error</c>.
/// </summary>
public static class BenchmarkCli
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var root = Build(output, error);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors)
            {
                await error.WriteLineAsync($"acquirer-bench: {problem.Message}");
            }

            return BenchmarkExitCodes.InvalidArgument;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }

    private static RootCommand Build(TextWriter output, TextWriter error)
    {
        var root = new RootCommand("In-process benchmarks of the settlement engine (issue 4, items 4-6): the real grains and stores on a simulated clock.");
        root.Subcommands.Add(SettlementCommand(output, error));
        root.Subcommands.Add(BacklogCommand(output, error));
        root.Subcommands.Add(MemoryCommand(output, error));
        root.Subcommands.Add(HistoryCommand(output, error));
        root.Subcommands.Add(SchemaUpgradeCommand(output, error));
        return root;
    }

    private static Command SettlementCommand(TextWriter output, TextWriter error)
    {
        var defaults = new SettlementOptions();
        var merchants = IntOption("--merchants", "Merchants onboarded", defaults.Merchants);
        var terminals = IntOption("--terminals", "Terminals, spread round-robin over the merchants (at least --merchants)", defaults.Terminals);
        var sales = LongOption("--sales", "Captured sales, spread round-robin over the terminals", defaults.Sales);
        var maxQueue = IntOption("--max-queue-depth", "Payouts one rail may hold (product default)", defaults.Engine.MaxQueueDepth);
        var maxActivations = IntOption("--max-activations", "Activations the runtime holds (product default)", defaults.Engine.MaxActivations);
        var reminderConcurrency = IntOption("--reminder-concurrency", "Settlement runs (reminder ticks) delivered at once (product default; 1 = one at a time)", defaults.Engine.ReminderDeliveryConcurrency);
        var common = new CommonOptions(defaults.Seed);
        var command = new Command("settlement", "Item 4: seconds from the cut-off until every merchant's payout instruction is written");
        foreach (var option in (Option[])[merchants, terminals, sales, maxQueue, maxActivations, reminderConcurrency])
        {
            command.Options.Add(option);
        }

        common.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new SettlementOptions
            {
                Merchants = parse.GetValue(merchants),
                Terminals = parse.GetValue(terminals),
                Sales = parse.GetValue(sales),
                Concurrency = parse.GetValue(common.Concurrency),
                Seed = parse.GetValue(common.Seed),
                Store = common.Store(parse),
                Engine = new EngineOptions
                {
                    MaxQueueDepth = parse.GetValue(maxQueue),
                    MaxActivations = parse.GetValue(maxActivations),
                    ReminderDeliveryConcurrency = parse.GetValue(reminderConcurrency),
                },
            };
            var problem = options.Store.Problem
                ?? SizeProblem(options.Merchants, options.Terminals, options.Sales, options.Concurrency)
                ?? (options.Engine.MaxQueueDepth < 1 ? "--max-queue-depth must be at least 1" : null)
                ?? (options.Engine.MaxActivations < 1 ? "--max-activations must be at least 1" : null)
                ?? (options.Engine.ReminderDeliveryConcurrency < 1 ? "--reminder-concurrency must be at least 1" : null);
            return await RunAsync(problem, async () => await SettlementBenchmark.RunAsync(options, new ProgressLog(error), cancellationToken), output, error);
        });
        return command;
    }

    private static Command BacklogCommand(TextWriter output, TextWriter error)
    {
        var defaults = new BacklogOptions();
        var payouts = IntOption("--payouts", "Payouts queued on HVPS over golden week", defaults.Payouts);
        var merchants = IntOption(
            "--merchants",
            $"Payouts that come from real merchants' settlement runs (one merchant each); the rest are enqueued on the rail by the benchmark (default {BacklogOptions.DefaultMerchants:N0})",
            BacklogOptions.DefaultMerchants);
        var common = new CommonOptions(defaults.Seed);
        var command = new Command("backlog", "Item 5: engine overhead beyond the rail's modeled rate when a holiday backlog is released");
        command.Options.Add(payouts);
        command.Options.Add(merchants);
        common.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new BacklogOptions
            {
                Payouts = parse.GetValue(payouts),
                Merchants = parse.GetValue(merchants),
                Concurrency = parse.GetValue(common.Concurrency),
                Seed = parse.GetValue(common.Seed),
                Store = common.Store(parse),
            };
            var problem = options.Store.Problem
                ?? options.Problem
                ?? SizeProblem(options.EffectiveMerchants, options.EffectiveMerchants, options.EffectiveMerchants, options.Concurrency);
            return await RunAsync(problem, async () => await BacklogBenchmark.RunAsync(options, new ProgressLog(error), cancellationToken), output, error);
        });
        return command;
    }

    private static Command MemoryCommand(TextWriter output, TextWriter error)
    {
        var defaults = new MemoryOptions();
        var merchants = IntOption("--merchants", "Active merchants", defaults.Merchants);
        var terminals = IntOption("--terminals", "Active terminals, spread round-robin over the merchants", defaults.Terminals);
        var sales = LongOption("--sales", "Sales captured, spread round-robin over the terminals", defaults.Sales);
        var common = new CommonOptions(defaults.Seed);
        var command = new Command("memory", "Item 6: memory with every merchant and terminal active");
        foreach (var option in (Option[])[merchants, terminals, sales])
        {
            command.Options.Add(option);
        }

        common.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new MemoryOptions
            {
                Merchants = parse.GetValue(merchants),
                Terminals = parse.GetValue(terminals),
                Sales = parse.GetValue(sales),
                Concurrency = parse.GetValue(common.Concurrency),
                Seed = parse.GetValue(common.Seed),
                Store = common.Store(parse),
            };
            var problem = options.Store.Problem ?? SizeProblem(options.Merchants, options.Terminals, options.Sales, options.Concurrency);
            return await RunAsync(problem, async () => await MemoryBenchmark.RunAsync(options, new ProgressLog(error), cancellationToken), output, error);
        });
        return command;
    }

    private static Command HistoryCommand(TextWriter output, TextWriter error)
    {
        var defaults = new HistoryOptions();
        var histories = new Option<string>("--history")
        {
            Description = "Prior sales on the one merchant and terminal, comma-separated",
            DefaultValueFactory = _ => string.Join(',', defaults.Histories),
            HelpName = "n,n,...",
        };
        var sales = IntOption("--sales", "Sales measured through the grains after each history", defaults.Sales);
        var voids = IntOption("--voids", "Voids of the measured sales, measured after them", defaults.Voids);
        var captures = IntOption("--domain-captures", "Risk captures per round in the pure domain", defaults.DomainCaptures);
        var rounds = IntOption("--rounds", "Rounds of the domain measurement (the median is reported)", defaults.Rounds);
        var common = new CommonOptions(defaults.Seed);
        var command = new Command("history", "Per-sale costs against a merchant's and a terminal's history (0, 256, 10,000 prior sales)");
        foreach (var option in (Option[])[histories, sales, voids, captures, rounds])
        {
            command.Options.Add(option);
        }

        common.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var parsed = ParseSizes(parse.GetValue(histories));
            var options = new HistoryOptions
            {
                Histories = parsed ?? [],
                Sales = parse.GetValue(sales),
                Voids = parse.GetValue(voids),
                DomainCaptures = parse.GetValue(captures),
                Rounds = parse.GetValue(rounds),
                Seed = parse.GetValue(common.Seed),
                Store = common.Store(parse),
            };
            var problem = options.Store.Problem
                ?? (parsed is null ? "--history must be comma-separated whole numbers" : null)
                ?? options.Problem;
            return await RunAsync(problem, async () => await HistoryBenchmark.RunAsync(options, new ProgressLog(error), cancellationToken), output, error);
        });
        return command;
    }

    private static Command SchemaUpgradeCommand(TextWriter output, TextWriter error)
    {
        var defaults = new SchemaUpgradeOptions();
        var fromVersion = IntOption("--from-version", "The SQLite schema the file is written in (3 or 4); the open applies the steps after it", defaults.FromVersion);
        var records = LongOption("--records", "Journal records in the file", defaults.Records);
        var grains = IntOption("--grains", "Grains the records are spread over at random (each with a snapshot and its records as its tail)", defaults.Grains);
        var payloadBytes = IntOption("--payload-bytes", "Bytes of each record's payload", defaults.PayloadBytes);
        var sampled = IntOption("--sampled-grains", "Grains whose journal and tail are checked after the upgrade", defaults.SampledGrains);
        var seed = IntOption("--seed", "Seed of the records' grains, ids and payloads", defaults.Seed);
        var dataDirectory = new Option<string?>("--data-dir") { Description = "Directory for the file (default: a fresh one under the temporary directory, deleted after)", HelpName = "path" };
        var command = new Command("schema-upgrade", "Seconds this build takes to open a SQLite file of an earlier schema (the one-time upgrade of a store)");
        foreach (var option in (Option[])[fromVersion, records, grains, payloadBytes, sampled, seed, dataDirectory])
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new SchemaUpgradeOptions
            {
                FromVersion = parse.GetValue(fromVersion),
                Records = parse.GetValue(records),
                Grains = parse.GetValue(grains),
                PayloadBytes = parse.GetValue(payloadBytes),
                SampledGrains = parse.GetValue(sampled),
                Seed = parse.GetValue(seed),
                DataDirectory = parse.GetValue(dataDirectory),
            };
            return await RunAsync(options.Problem, async () => await SchemaUpgradeBenchmark.RunAsync(options, new ProgressLog(error), cancellationToken), output, error);
        });
        return command;
    }

    private static int[]? ParseSizes(string? text)
    {
        var parts = (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var sizes = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out sizes[i]))
            {
                return null;
            }
        }

        return sizes;
    }

    private static string? SizeProblem(int merchants, int terminals, long sales, int concurrency) =>
        new Seeding.SeedPlan
        {
            Merchants = merchants,
            Terminals = terminals,
            Sales = sales,
            SaleLocalTime = default,
            Concurrency = concurrency,
        }.Problem;

    private static async Task<int> RunAsync(string? problem, Func<Task<IBenchmarkResult>> run, TextWriter output, TextWriter error)
    {
        if (problem is not null)
        {
            await error.WriteLineAsync($"acquirer-bench: {problem}");
            return BenchmarkExitCodes.InvalidArgument;
        }

        var result = await run();
        ResultWriter.Write(result, output);
        return result.Passed ? BenchmarkExitCodes.Passed : BenchmarkExitCodes.CheckFailed;
    }

    private static Option<int> IntOption(string name, string description, int defaultValue) =>
        new(name) { Description = description, DefaultValueFactory = _ => defaultValue, HelpName = "n" };

    private static Option<long> LongOption(string name, string description, long defaultValue) =>
        new(name) { Description = description, DefaultValueFactory = _ => defaultValue, HelpName = "n" };
}
