using System.Text;
using AcquirerEngine.LoadTests.Stats;

namespace AcquirerEngine.LoadTests.Reports;

/// <summary>report.html: one self-contained page (inline SVG, no scripts or external files) with the summary, charts and books.</summary>
public static class HtmlReport
{
    public static string Render(RunReport report, string markdownSummary)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Load run: ")
            .Append(SvgChart.Html(report.Scenario))
            .Append("</title><style>body{font-family:sans-serif;max-width:1100px;margin:1em auto;}figure{margin:1em 0;}"
                + "figcaption{font-weight:bold;}pre{background:#f6f6f6;padding:1em;overflow-x:auto;}</style></head><body>");
        html.Append("<h1>Load run: ").Append(SvgChart.Html(report.Scenario)).Append("</h1>");
        html.Append("<p>").Append(SvgChart.Html(report.Description)).Append("</p>");
        html.Append("<p>Result: <b>").Append(report.ThresholdsPassed && report.BooksPassed ? "PASSED" : "FAILED").Append("</b></p>");

        html.Append(SvgChart.Lines(
            "Requests per second over time (ok + failed, by step)",
            "req/s",
            [.. report.Steps.Select(s => new ChartSeries(s.Name, [.. s.Series.Select(p => ((double)p.Second, (double)(p.Ok + p.Failed)))]))]));
        foreach (var step in report.Steps.Where(s => s.Series.Any(p => p.Ok > 0)))
        {
            html.Append(SvgChart.Lines(
                $"{step.Name}: latency percentiles per second (ms)",
                "ms",
                [
                    Percentile(step, "p50", p => p.P50Micros),
                    Percentile(step, "p95", p => p.P95Micros),
                    Percentile(step, "p99", p => p.P99Micros),
                    Percentile(step, "max", p => p.MaxMicros),
                ]));
        }

        html.Append(SvgChart.Bars(
            "Status breakdown",
            [.. report.Steps.SelectMany(s => s.Statuses.Select(kv => ($"{s.Name} {kv.Key}", kv.Value, kv.Key == StepOutcome.OkStatus)))]));
        html.Append("<h2>Summary</h2><pre>").Append(SvgChart.Html(markdownSummary)).Append("</pre>");
        html.Append("</body></html>");
        return html.ToString();
    }

    private static ChartSeries Percentile(StepSnapshot step, string name, Func<SecondSample, long> value) =>
        new(name, [.. step.Series.Where(p => p.Ok > 0).Select(p => ((double)p.Second, value(p) / 1000.0))]);
}
