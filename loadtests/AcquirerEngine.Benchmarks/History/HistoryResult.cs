using System.Globalization;
using AcquirerEngine.Benchmarks.Reporting;

namespace AcquirerEngine.Benchmarks.History;

/// <summary>
/// Per-sale costs against the history a merchant and a terminal carry (issue 4, holiday peak: a hot merchant
/// takes thousands of sales an hour, a terminal's open batch holds thousands). Figures for comparing builds, as
/// ratios between runs on the same machine; no target.
/// </summary>
public sealed record HistoryResult : IBenchmarkResult
{
    public string Benchmark => "history";

    public required string Store { get; init; }

    public required int Sales { get; init; }

    public required int Voids { get; init; }

    public required int DomainCaptures { get; init; }

    public required int Rounds { get; init; }

    public required IReadOnlyList<HistoryPoint> Points { get; init; }

    public double? HostLoadOneMinute { get; init; }

    public required bool Passed { get; init; }

    public required IReadOnlyList<string> Failures { get; init; }

    public string HumanLine()
    {
        var points = string.Join("; ", Points.Select(p => string.Create(
            CultureInfo.InvariantCulture,
            $"{p.PriorSales:N0} prior: risk {p.RiskNanosPerCapture:0} ns, terminal {p.TerminalNanosPerSale:0} ns, sale {p.SaleCpuMicros:0.0} us CPU, void {p.VoidCpuMicros:0.0} us CPU / {p.TerminalStateBytesPerVoid:N0} B")));
        var verdict = Passed ? "checks passed" : $"{Failures.Count} check(s) FAILED";
        return string.Create(CultureInfo.InvariantCulture, $"history [{Store}]: {points} (load {HostLoadOneMinute:0.00}); {verdict}");
    }
}
