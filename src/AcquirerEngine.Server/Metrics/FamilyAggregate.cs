using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace AcquirerEngine.Server.Metrics;

/// <summary>
/// One exposed family and its series keyed by label set. Several instruments may feed one family (the
/// same meter created twice); they must agree on type and kind. The number of series is bounded so a
/// runaway tag cannot exhaust memory: measurements for new label sets beyond the bound are dropped.
/// </summary>
internal sealed class FamilyAggregate(
    string name,
    string help,
    MetricType type,
    MeasurementKind kind,
    bool resetEachScrape,
    IReadOnlyList<double> bounds,
    int maxSeries)
{
    private readonly ConcurrentDictionary<string, SeriesAggregate> _series = new(StringComparer.Ordinal);

    // Several measurements per sale land here: the series a tag set resolved to is remembered under the raw tags,
    // so a repeated tag set costs one lookup instead of building its labels and key. Bounded like the series
    // (the same label set in other tag orders or value types takes more than one entry).
    private readonly ConcurrentDictionary<RawTagSet, SeriesAggregate> _byRawTags = new(RawTagSetComparer.Instance);

    public string Name { get; } = name;

    public MetricType Type { get; } = type;

    public MeasurementKind Kind { get; } = kind;

    /// <summary>Observable instruments report current values at each scrape; series they no longer report disappear.</summary>
    public bool ResetEachScrape { get; } = resetEachScrape;

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var byRawTags = _byRawTags.GetAlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>>();
        if (!byRawTags.TryGetValue(tags, out var series))
        {
            series = Resolve(tags);
            if (series is null)
            {
                return;
            }

            if (_byRawTags.Count < 4 * maxSeries)
            {
                byRawTags.TryAdd(tags, series);
            }
        }

        switch (Kind)
        {
            case MeasurementKind.Add:
                series.Add(value);
                break;
            case MeasurementKind.Set:
                series.Set(value);
                break;
            case MeasurementKind.Observe:
                series.Observe(value, bounds);
                break;
        }
    }

    public void Clear()
    {
        _series.Clear();
        _byRawTags.Clear();
    }

    public MetricFamilySnapshot Snapshot() => new(
        Name,
        help,
        Type,
        bounds,
        [.. _series.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Value.Snapshot())]);

    /// <summary>The series of a label set (created on first use), or null when the family holds its bound of series.</summary>
    private SeriesAggregate? Resolve(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = ToLabels(tags);
        var key = LabelKey(labels);
        if (_series.TryGetValue(key, out var series))
        {
            return series;
        }

        return _series.Count >= maxSeries ? null : _series.GetOrAdd(key, _ => new SeriesAggregate(labels, bounds.Count + 1));
    }

    private static KeyValuePair<string, string>[] ToLabels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new KeyValuePair<string, string>[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            labels[i] = new(
                PrometheusNames.SanitizeLabelName(tags[i].Key),
                Convert.ToString(tags[i].Value, CultureInfo.InvariantCulture) ?? string.Empty);
        }

        // Tag order is the caller's accident; the series identity must not depend on it.
        Array.Sort(labels, (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return labels;
    }

    private static string LabelKey(KeyValuePair<string, string>[] labels)
    {
        var key = new StringBuilder();
        foreach (var (name, value) in labels)
        {
            // Label names cannot contain '=' and escaped values cannot contain a bare newline: the key is unambiguous.
            key.Append(name).Append('=').Append(PrometheusTextWriter.EscapeLabelValue(value)).Append('\n');
        }

        return key.ToString();
    }
}
