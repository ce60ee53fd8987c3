using System.Text.Json;
using AcquirerEngine.LoadTests.Books;
using AcquirerEngine.LoadTests.Reports;
using AcquirerEngine.LoadTests.Running;
using AcquirerEngine.LoadTests.Stats;
using AcquirerEngine.LoadTests.Thresholds;

namespace AcquirerEngine.LoadTests.Tests.Reports;

public sealed class ReportsTests
{
    private static readonly RunReport Report = new(
        "normal-day",
        "An ordinary <day>",
        11,
        "embedded",
        "2026-11-22 05:00:00",
        ["open 50/s for 30s"],
        new RunTimeline(
            30,
            5,
            [new EventOutcome("clock passes 23:00", 15, true, "done")],
            0,
            new LatencySummary(1_500, 3, 410, 380, 600, 900, 1_234, 2_000, 2_500)),
        [
            new StepSnapshot(
                "sale",
                1_500,
                2,
                new Dictionary<string, long> { ["OK"] = 1_500, ["UNAVAILABLE"] = 2 },
                new LatencySummary(1_500, 900, 2_100, 1_800, 2_300, 4_000, 7_654, 9_000, 12_000),
                50.07,
                130_000,
                45_000,
                [new SecondSample(0, 50, 0, 1_700, 3_900, 7_000, 9_000), new SecondSample(1, 49, 2, 1_900, 4_100, 7_600, 12_000)]),
        ],
        [new ThresholdResult("sale.p99<5ms", "sale", 7_654, false, "sale: 7.654 ms")],
        new BookCheckResult(10, 5, 1_480, 20, 0, 1_500, 12_345_678, 74_000, 10, [], null),
        null);

    [Fact]
    public void Json_CarriesTheRawPerStepFiguresAndThePerSecondSeries()
    {
        using var json = JsonDocument.Parse(JsonReport.Render(Report));
        var step = json.RootElement.GetProperty("steps")[0];

        Assert.Equal(1_500, step.GetProperty("ok").GetInt64());
        Assert.Equal(7_654, step.GetProperty("latency").GetProperty("p99Micros").GetInt64());
        Assert.Equal(2, step.GetProperty("statuses").GetProperty("UNAVAILABLE").GetInt64());
        Assert.Equal(2, step.GetProperty("series").GetArrayLength());
        Assert.True(json.RootElement.GetProperty("books").GetProperty("passed").GetBoolean());
        Assert.Equal(1_234, json.RootElement.GetProperty("timeline").GetProperty("startLag").GetProperty("p99Micros").GetInt64());
    }

    [Fact]
    public void Markdown_HasTheSummaryRow_TheFailedThreshold_AndTheBooks()
    {
        var markdown = MarkdownReport.Render(Report);

        Assert.Contains("| sale | 1500 | 2 | 0.133 | 50.1 | 0.90 | 2.10 | 1.80 | 2.30 | 4.00 | 7.65 | 9.00 | 12.00 |", markdown, StringComparison.Ordinal);
        Assert.Contains("- FAIL `sale.p99<5ms`: sale: 7.654 ms", markdown, StringComparison.Ordinal);
        Assert.Contains("PASSED: 5 merchants, 10 terminals", markdown, StringComparison.Ordinal);
        Assert.Contains("Harness start lag (open model: intended send time to the iteration's start, part of every latency above): p50 0.38, p99 1.23, max 2.50 ms over 1500 iterations.", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_LeavesOutTheStartLag_WhenNoOpenIterationWasMeasured()
    {
        var closed = Report with { Timeline = Report.Timeline with { StartLag = LatencySummary.Empty } };

        Assert.DoesNotContain("Harness start lag", MarkdownReport.Render(closed), StringComparison.Ordinal);
    }

    [Fact]
    public void Html_IsSelfContained_WithSvgChartsOfRpsLatencyAndStatuses()
    {
        var html = HtmlReport.Render(Report, MarkdownReport.Render(Report));

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<day>", html, StringComparison.Ordinal);
        Assert.Equal(3, html.Split("<svg", StringSplitOptions.None).Length - 1);
        Assert.Contains("Requests per second over time", html, StringComparison.Ordinal);
        Assert.Contains("sale: latency percentiles per second", html, StringComparison.Ordinal);
        Assert.Contains("sale UNAVAILABLE", html, StringComparison.Ordinal);
        Assert.Contains("Result: <b>FAILED</b>", html, StringComparison.Ordinal);
    }
}
