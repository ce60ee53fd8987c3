using System.Globalization;
using System.Text;

namespace AcquirerEngine.LoadTests.Reports;

/// <summary>report.md: the summary table, thresholds and the book check, for a pull request or a chat.</summary>
public static class MarkdownReport
{
    public static string Render(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        md.AppendLine(c, $"# Load run: {report.Scenario}");
        md.AppendLine();
        md.AppendLine(report.Description);
        md.AppendLine();
        md.AppendLine(c, $"Target {report.Target}, seed {report.Seed}, started {report.StartedUtc} UTC, measured {report.Timeline.MeasuredSeconds:0.0} s after {report.Timeline.WarmupSeconds:0.0} s warm-up.");
        md.AppendLine(c, $"Stages: {string.Join("; ", report.Stages)}.");
        md.AppendLine();
        md.AppendLine("| step | ok | failed | fail % | RPS | min | mean | p50 | p75 | p95 | p99 | p99.9 | max | sent KiB | received KiB |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var step in report.Steps)
        {
            var l = step.Latency;
            md.AppendLine(c, $"| {step.Name} | {step.Ok} | {step.Failed} | {step.FailPercent:0.###} | {step.Rps:0.0} | {Ms(l.MinMicros)} | {Ms(l.MeanMicros)} | {Ms(l.P50Micros)} | {Ms(l.P75Micros)} | {Ms(l.P95Micros)} | {Ms(l.P99Micros)} | {Ms(l.P999Micros)} | {Ms(l.MaxMicros)} | {step.BytesSent / 1024.0:0.0} | {step.BytesReceived / 1024.0:0.0} |");
        }

        md.AppendLine();
        md.AppendLine("Latencies in ms, from the intended send time; percentiles read from one histogram per step (never averaged).");
        if (report.Timeline.StartLag is { Count: > 0 } lag)
        {
            md.AppendLine();
            md.AppendLine(c, $"Harness start lag (open model: intended send time to the iteration's start, part of every latency above): p50 {Ms(lag.P50Micros)}, p99 {Ms(lag.P99Micros)}, max {Ms(lag.MaxMicros)} ms over {lag.Count} iterations.");
        }
        md.AppendLine();
        md.AppendLine("## Statuses");
        md.AppendLine();
        foreach (var step in report.Steps)
        {
            md.AppendLine(c, $"- {step.Name}: {string.Join(", ", step.Statuses.Select(s => $"{s.Key} {s.Value}"))}");
        }

        if (report.Timeline.Events.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Events");
            md.AppendLine();
            foreach (var e in report.Timeline.Events)
            {
                md.AppendLine(c, $"- {e.AtSecond:0.0} s: {e.Name}: {(e.Ok ? "done" : "FAILED " + e.Detail)}");
            }
        }

        md.AppendLine();
        md.AppendLine("## Thresholds");
        md.AppendLine();
        if (report.Thresholds.Count == 0)
        {
            md.AppendLine("None given.");
        }

        foreach (var t in report.Thresholds)
        {
            md.AppendLine(c, $"- {(t.Passed ? "PASS" : "FAIL")} `{t.Threshold}`: {t.Detail}");
        }

        md.AppendLine();
        md.AppendLine("## Books");
        md.AppendLine();
        if (report.Books is { } books)
        {
            md.AppendLine(c, $"{(books.Passed ? "PASSED" : "FAILED")}: {books.Merchants} merchants, {books.Terminals} terminals, {books.EngineTransactions} transactions in the engine's batches; "
                + $"{books.SalesApproved} approved and {books.SalesVoidedOrReversed} voided/reversed sales matched, {books.SalesUncertain} with a lost answer; "
                + $"captured {books.CapturedMinor} fen = fees {books.FeesMinor} + the merchants' buckets; {books.BatchesSettledBalanced} batches settled balanced (0500).");
            if (books.Payouts is { } p)
            {
                md.AppendLine();
                md.AppendLine(c, $"Payouts: {p.Paid} of {p.Payouts} PAID ({p.PaidMinor} fen); backlog at reopening {p.BacklogAtReopening}, drained in {p.DrainSimulatedSeconds:0} simulated s ({p.DrainWallSeconds:0.00} s wall).");
            }

            foreach (var problem in books.Problems.Concat(books.Payouts?.Problems ?? []))
            {
                md.AppendLine(c, $"- {problem}");
            }
        }
        else
        {
            md.AppendLine(report.Error is null ? "Not checked." : $"Not checked: {report.Error}");
        }

        return md.ToString();
    }

    private static string Ms(double micros) => (micros / 1000).ToString("0.00", CultureInfo.InvariantCulture);
}
