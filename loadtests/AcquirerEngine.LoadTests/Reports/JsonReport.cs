using System.Text.Json;
using System.Text.Json.Serialization;

namespace AcquirerEngine.LoadTests.Reports;

/// <summary>report.json: the raw figures (per-step totals, statuses, latency summary, per-second series), for tools.</summary>
public static class JsonReport
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Render(RunReport report) => JsonSerializer.Serialize(report, Options);
}
