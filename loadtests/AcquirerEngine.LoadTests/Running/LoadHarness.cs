using System.Globalization;
using AcquirerEngine.LoadTests.Books;
using AcquirerEngine.LoadTests.Options;
using AcquirerEngine.LoadTests.Reports;
using AcquirerEngine.LoadTests.Scenarios;
using AcquirerEngine.LoadTests.Stats;
using AcquirerEngine.LoadTests.Targets;
using AcquirerEngine.LoadTests.Thresholds;

namespace AcquirerEngine.LoadTests.Running;

/// <summary>
/// One run from start to finish: start or reach the engine, open merchants, run the stages, let the
/// scenario finish its days, check the books, write the reports, and answer with an exit code.
/// </summary>
public static class LoadHarness
{
    public static async Task<int> RunAsync(HarnessOptions options, TextWriter output, bool interactive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        var scenario = ScenarioCatalog.Find(options.Scenario) ?? throw new ArgumentException($"unknown scenario {options.Scenario}", nameof(options));
        var settings = options.Settings;
        var stages = scenario.Stages(settings);
        var startedUtc = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        await output.WriteLineAsync($"scenario {scenario.Name}, seed {options.Seed} (rerun with --seed {options.Seed})").ConfigureAwait(false);
        await output.WriteLineAsync($"stages: {string.Join("; ", stages.Select(s => (s.Warmup ? "[warm-up] " : "") + s.Describe()))}").ConfigureAwait(false);

        EmbeddedEngine? embedded = null;
        EngineTarget? target = null;
        var stats = new RunStats();
        RunTimeline timeline = new(0, 0, [], 0, LatencySummary.Empty);
        BookCheckResult? books = null;
        string? error = null;
        string targetText;
        try
        {
            if (options.Targets.Count == 0)
            {
                await output.WriteLineAsync("starting the embedded engine (simulated clock, temporary data)").ConfigureAwait(false);
                embedded = await EmbeddedEngine.StartAsync(scenario.SimulatedStartLocal, options.EngineSettings, TimeSpan.FromSeconds(90)).ConfigureAwait(false);
                target = new EngineTarget([embedded.Address], embedded.OperatorToken, options.ClientTransport);
                targetText = $"embedded engine at {embedded.Address}";
            }
            else
            {
                var token = options.OperatorToken ?? Environment.GetEnvironmentVariable("ACQUIRER_OPERATOR_TOKEN");
                if (string.IsNullOrWhiteSpace(token))
                {
                    await output.WriteLineAsync("--operator-token (or ACQUIRER_OPERATOR_TOKEN) is required with --target").ConfigureAwait(false);
                    return ExitCodes.BadArguments;
                }

                target = new EngineTarget(options.Targets, token, options.ClientTransport);
                targetText = string.Join(",", options.Targets);
            }

            await output.WriteLineAsync($"target: {targetText}").ConfigureAwait(false);
            var clock = embedded is not null
                ? EngineClock.Simulated(target.Operator, scenario.SimulatedStartLocal)
                : await EngineClock.DetectAsync(target.Operator).ConfigureAwait(false);
            if (clock.IsSimulated)
            {
                await clock.AdvanceToAsync(EngineClock.Parse(scenario.SimulatedStartLocal)).ConfigureAwait(false);
            }
            else if (scenario.NeedsSimulatedClock)
            {
                await output.WriteLineAsync($"scenario {scenario.Name} moves the engine's clock: the target must run on the simulated clock (Clock:Mode=simulated)").ConfigureAwait(false);
                return ExitCodes.CouldNotRun;
            }

            var data = new TradingData(options.Seed);
            var floor = new TradingFloor(target, data, clock, scenario.Terms, options.CallTimeout);
            await output.WriteLineAsync($"opening {settings.Merchants} merchants x {settings.TerminalsPerMerchant} terminals").ConfigureAwait(false);
            await floor.OpenAsync(settings.Merchants, settings.TerminalsPerMerchant, cancellationToken).ConfigureAwait(false);
            if (scenario.BeforeLoad is { } before)
            {
                await before(floor, settings, cancellationToken).ConfigureAwait(false);
            }

            var mix = scenario.Mix(settings);
            var runner = new LoadRunner(TimeProvider.System, options.MaxInFlight, token => floor.RunAsync(mix.Pick(data.NextDouble()), token), stats);
            await using (new ProgressPrinter(output, interactive, runner, stats))
            {
                timeline = await runner.RunAsync(stages, scenario.Events(settings), floor, options.CallTimeout + TimeSpan.FromSeconds(5), cancellationToken)
                    .ConfigureAwait(false);
            }

            PayoutCheckResult? payouts = null;
            if (scenario.AfterLoad is { } after)
            {
                await output.WriteLineAsync("load done; letting the scenario's days pass").ConfigureAwait(false);
                payouts = await after(floor, settings, cancellationToken).ConfigureAwait(false);
            }

            await output.WriteLineAsync("checking the books").ConfigureAwait(false);
            books = await BookCheck.RunAsync(floor, TimeSpan.FromSeconds(30), stats.Step("settle"), (int)timeline.MeasuredSeconds, cancellationToken)
                .ConfigureAwait(false) with { Payouts = payouts };
        }
        catch (Exception ex) when (ex is AcquirerEngine.Grpc.RpcException or InvalidOperationException or IOException or HttpRequestException
            or TimeoutException or OperationCanceledException)
        {
            error = $"{ex.GetType().Name}: {ex.Message}";
            targetText = embedded?.Address.ToString() ?? string.Join(",", options.Targets);
            await output.WriteLineAsync($"the run failed: {error}").ConfigureAwait(false);
        }
        finally
        {
            target?.Dispose();
            if (embedded is not null)
            {
                await embedded.DisposeAsync().ConfigureAwait(false);
            }
        }

        var steps = stats.Snapshot(timeline.MeasuredSeconds);
        var thresholds = ThresholdEvaluator.Evaluate(options.Thresholds, steps);
        var report = new RunReport(
            scenario.Name,
            scenario.Description,
            options.Seed,
            targetText,
            startedUtc,
            [.. stages.Select(s => (s.Warmup ? "[warm-up] " : "") + s.Describe())],
            timeline,
            steps,
            thresholds,
            books,
            error);
        await WriteReportsAsync(report, options.ReportDirectory).ConfigureAwait(false);
        var markdown = MarkdownReport.Render(report);
        await output.WriteLineAsync(markdown).ConfigureAwait(false);
        await output.WriteLineAsync($"reports: {Path.GetFullPath(options.ReportDirectory)} (report.json, report.md, report.html)").ConfigureAwait(false);

        if (error is not null)
        {
            return ExitCodes.CouldNotRun;
        }

        if (!report.BooksPassed)
        {
            return ExitCodes.BooksFailed;
        }

        return report.ThresholdsPassed ? ExitCodes.Passed : ExitCodes.ThresholdFailed;
    }

    private static async Task WriteReportsAsync(RunReport report, string directory)
    {
        Directory.CreateDirectory(directory);
        var markdown = MarkdownReport.Render(report);
        await File.WriteAllTextAsync(Path.Combine(directory, "report.json"), JsonReport.Render(report)).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, "report.md"), markdown).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, "report.html"), HtmlReport.Render(report, markdown)).ConfigureAwait(false);
    }
}
