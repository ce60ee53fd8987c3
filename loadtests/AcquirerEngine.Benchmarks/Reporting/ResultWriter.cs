using System.Text.Json;
using System.Text.Json.Serialization;

namespace AcquirerEngine.Benchmarks.Reporting;

/// <summary>Prints a result as one machine-readable JSON line (prefixed, so a script can grep it) and one human line.</summary>
public static class ResultWriter
{
    /// <summary>The JSON line starts with this, so bench.sh can pick it out of progress output.</summary>
    public const string JsonPrefix = "RESULT ";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string ToJson(IBenchmarkResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return JsonSerializer.Serialize(result, result.GetType(), Json);
    }

    public static void Write(IBenchmarkResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(JsonPrefix + ToJson(result));
        output.WriteLine(result.HumanLine());
        foreach (var failure in result.Failures)
        {
            output.WriteLine("CHECK FAILED: " + failure);
        }
    }
}
