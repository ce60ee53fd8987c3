using System.Globalization;
using System.Text;

namespace AcquirerEngine.Server.Metrics;

/// <summary>
/// Writes metric families in the Prometheus text exposition format 0.0.4: HELP and TYPE lines, one sample
/// per line, label values escaped, histograms as cumulative _bucket{le} series with _sum and _count.
/// </summary>
public static class PrometheusTextWriter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Write(IEnumerable<MetricFamilySnapshot> families)
    {
        ArgumentNullException.ThrowIfNull(families);
        var text = new StringBuilder();
        foreach (var family in families)
        {
            WriteFamily(text, family);
        }

        return text.ToString();
    }

    /// <summary>Backslash, double quote and line feed are the only characters a label value escapes.</summary>
    public static string EscapeLabelValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);
    }

    /// <summary>HELP text escapes backslash and line feed (a quote is literal there).</summary>
    public static string EscapeHelp(string help)
    {
        ArgumentNullException.ThrowIfNull(help);
        return help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
    }

    /// <summary>Go's float syntax as Prometheus parses it: shortest round-trip, +Inf, -Inf, NaN.</summary>
    public static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static void WriteFamily(StringBuilder text, MetricFamilySnapshot family)
    {
        if (family.Series.Count == 0)
        {
            return;
        }

        text.Append("# HELP ").Append(family.Name).Append(' ').Append(EscapeHelp(family.Help)).Append('\n');
        text.Append("# TYPE ").Append(family.Name).Append(' ').Append(TypeName(family.Type)).Append('\n');
        foreach (var series in family.Series)
        {
            if (family.Type == MetricType.Histogram)
            {
                WriteHistogram(text, family, series);
            }
            else
            {
                WriteSample(text, family.Name, series.Labels, null, series.Value);
            }
        }
    }

    private static void WriteHistogram(StringBuilder text, MetricFamilySnapshot family, MetricSeriesSnapshot series)
    {
        var bucketName = family.Name + "_bucket";
        long cumulative = 0;
        for (var i = 0; i < family.BucketBounds.Count; i++)
        {
            cumulative += i < series.BucketCounts.Count ? series.BucketCounts[i] : 0;
            WriteSample(text, bucketName, series.Labels, FormatValue(family.BucketBounds[i]), cumulative);
        }

        // +Inf is every observation, by definition equal to _count.
        WriteSample(text, bucketName, series.Labels, "+Inf", series.Count);
        WriteSample(text, family.Name + "_sum", series.Labels, null, series.Sum);
        WriteSample(text, family.Name + "_count", series.Labels, null, series.Count);
    }

    private static void WriteSample(
        StringBuilder text,
        string name,
        IReadOnlyList<KeyValuePair<string, string>> labels,
        string? le,
        double value)
    {
        text.Append(name);
        if (labels.Count > 0 || le is not null)
        {
            text.Append('{');
            var first = true;
            foreach (var (key, labelValue) in labels)
            {
                if (!first)
                {
                    text.Append(',');
                }

                first = false;
                text.Append(key).Append("=\"").Append(EscapeLabelValue(labelValue)).Append('"');
            }

            if (le is not null)
            {
                if (!first)
                {
                    text.Append(',');
                }

                text.Append("le=\"").Append(le).Append('"');
            }

            text.Append('}');
        }

        text.Append(' ').Append(FormatValue(value)).Append('\n');
    }

    private static string TypeName(MetricType type) => type switch
    {
        MetricType.Counter => "counter",
        MetricType.Gauge => "gauge",
        MetricType.Histogram => "histogram",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown metric type."),
    };
}
