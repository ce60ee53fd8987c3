using System.Text;

namespace AcquirerEngine.Server.Metrics;

/// <summary>
/// Turns System.Diagnostics.Metrics names and units into Prometheus names: characters outside
/// [a-zA-Z0-9_:] become '_', units become base-unit suffixes (with the factor to reach the base unit),
/// and counters end in _total.
/// </summary>
public static class PrometheusNames
{
    /// <summary>A metric name matching [a-zA-Z_:][a-zA-Z0-9_:]*.</summary>
    public static string SanitizeMetricName(string name) => Sanitize(name, allowColon: true);

    /// <summary>A label name matching [a-zA-Z_][a-zA-Z0-9_]* (colons are reserved for metric names).</summary>
    public static string SanitizeLabelName(string name) => Sanitize(name, allowColon: false);

    /// <summary>
    /// The Prometheus base-unit suffix for a UCUM-style unit as .NET and OpenTelemetry write them ("s", "ms",
    /// "By", ...), and the factor that converts a measurement into that base unit. Annotations such as
    /// "{request}" and unknown units have no suffix and factor 1.
    /// </summary>
    public static (string Suffix, double Factor) BaseUnit(string? unit) => unit switch
    {
        "s" => ("seconds", 1),
        "ms" => ("seconds", 1e-3),
        "us" or "\u00b5s" => ("seconds", 1e-6),
        "ns" => ("seconds", 1e-9),
        "min" => ("seconds", 60),
        "h" => ("seconds", 3600),
        "d" => ("seconds", 86400),
        "By" => ("bytes", 1),
        "KiBy" => ("bytes", 1024),
        "MiBy" => ("bytes", 1024 * 1024),
        "GiBy" => ("bytes", 1024 * 1024 * 1024),
        "KBy" => ("bytes", 1e3),
        "MBy" => ("bytes", 1e6),
        "GBy" => ("bytes", 1e9),
        _ => (string.Empty, 1),
    };

    /// <summary>The exposed family name: sanitized, then the base-unit suffix, then _total for a counter.</summary>
    public static string FamilyName(string instrumentName, string? unit, MetricType type)
    {
        ArgumentNullException.ThrowIfNull(instrumentName);
        var name = SanitizeMetricName(instrumentName);
        var counter = type == MetricType.Counter;
        if (counter && name.EndsWith("_total", StringComparison.Ordinal))
        {
            name = name[..^"_total".Length];
        }

        var (suffix, _) = BaseUnit(unit);
        if (suffix.Length > 0 && !name.EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            name += "_" + suffix;
        }

        return counter ? name + "_total" : name;
    }

    private static string Sanitize(string name, bool allowColon)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            return "_";
        }

        var result = new StringBuilder(name.Length + 1);
        if (char.IsAsciiDigit(name[0]))
        {
            result.Append('_');
        }

        foreach (var c in name)
        {
            var valid = char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':');
            result.Append(valid ? c : '_');
        }

        return result.ToString();
    }
}
