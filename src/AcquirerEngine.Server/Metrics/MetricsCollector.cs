using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Numerics;

namespace AcquirerEngine.Server.Metrics;

/// <summary>
/// Listens to every instrument of the engine's meters (names starting with "AcquirerEngine") and of the .NET
/// runtime's own meter ("System.Runtime": garbage collections and their pause time, CPU, thread pool), and keeps
/// Prometheus-shaped aggregates: counters become _total counters, up-down counters and gauges become
/// gauges, histograms get explicit buckets (the instrument's advice, else defaults by unit). Units are
/// converted to base units. <see cref="Collect"/> reads the observable instruments and returns a snapshot.
/// </summary>
public sealed class MetricsCollector : IDisposable
{
    public const string MeterPrefix = "AcquirerEngine";

    /// <summary>The runtime's built-in meter; an operator reading a latency tail needs its GC pauses beside it.</summary>
    public const string RuntimeMeterName = RuntimeMeterLevels.MeterName;

    /// <summary>Label sets kept per family; beyond it new label sets are dropped (tags must be bounded).</summary>
    public const int MaxSeriesPerFamily = 2000;

    private readonly Func<Meter, bool> _include;
    private readonly MeterListener _listener;
    private readonly ConcurrentDictionary<string, FamilyAggregate> _families = new(StringComparer.Ordinal);
    private readonly object _collectLock = new();

    /// <summary>Collects the engine's meters and the runtime's.</summary>
    public MetricsCollector()
        : this(meter => meter.Name.StartsWith(MeterPrefix, StringComparison.Ordinal) || meter.Name == RuntimeMeterName)
    {
    }

    /// <summary>Collects the meters <paramref name="include"/> accepts.</summary>
    public MetricsCollector(Func<Meter, bool> include)
    {
        ArgumentNullException.ThrowIfNull(include);
        _include = include;
        _listener = new MeterListener { InstrumentPublished = OnInstrumentPublished };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => Record(state, value, tags));
        _listener.SetMeasurementEventCallback<int>((_, value, tags, state) => Record(state, value, tags));
        _listener.SetMeasurementEventCallback<short>((_, value, tags, state) => Record(state, value, tags));
        _listener.SetMeasurementEventCallback<byte>((_, value, tags, state) => Record(state, value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => Record(state, value, tags));
        _listener.SetMeasurementEventCallback<float>((_, value, tags, state) => Record(state, value, tags));
        _listener.SetMeasurementEventCallback<decimal>((_, value, tags, state) => Record(state, (double)value, tags));

        // Start publishes the instruments that already exist, then every one created later.
        _listener.Start();
    }

    /// <summary>Observes the observable instruments now and returns every family with at least one series, by name.</summary>
    public IReadOnlyList<MetricFamilySnapshot> Collect()
    {
        lock (_collectLock)
        {
            foreach (var family in _families.Values.Where(f => f.ResetEachScrape))
            {
                family.Clear();
            }

            _listener.RecordObservableInstruments();
            return
            [
                .. _families.Values
                    .OrderBy(f => f.Name, StringComparer.Ordinal)
                    .Select(f => f.Snapshot())
                    .Where(f => f.Series.Count > 0),
            ];
        }
    }

    /// <summary>The exposition text of <see cref="Collect"/>.</summary>
    public string CollectText() => PrometheusTextWriter.Write(Collect());

    public void Dispose() => _listener.Dispose();

    // Generic over the number type, so a measurement converts without boxing: Convert.ToDouble(object) boxed every
    // one of them, a few per gRPC call and storage write (docs/BENCHMARKS.md, "Bytes per call on the request path").
    private static void Record<T>(object? state, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        where T : struct, INumberBase<T>
    {
        if (state is InstrumentBinding binding)
        {
            binding.Family.Record(double.CreateTruncating(value) * binding.Factor, tags);
        }
    }

    private static (MetricType Type, MeasurementKind Kind)? Classify(Instrument instrument)
    {
        var type = instrument.GetType();
        if (!type.IsGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        if (definition == typeof(Counter<>))
        {
            return (MetricType.Counter, MeasurementKind.Add);
        }

        if (definition == typeof(ObservableCounter<>))
        {
            return (MetricType.Counter, MeasurementKind.Set);
        }

        if (definition == typeof(UpDownCounter<>))
        {
            return (MetricType.Gauge, MeasurementKind.Add);
        }

        if (definition == typeof(ObservableUpDownCounter<>) || definition == typeof(ObservableGauge<>) || definition == typeof(Gauge<>))
        {
            return (MetricType.Gauge, MeasurementKind.Set);
        }

        if (definition == typeof(Histogram<>))
        {
            return (MetricType.Histogram, MeasurementKind.Observe);
        }

        return null;
    }

    /// <summary>Histogram bounds the instrument advises (converted to the base unit), else the defaults for its unit.</summary>
    private static IReadOnlyList<double> BoundsFor(Instrument instrument, string suffix, double factor)
    {
        IReadOnlyList<double>? advised = instrument switch
        {
            Histogram<double> { Advice.HistogramBucketBoundaries: { } b } => [.. b],
            Histogram<float> { Advice.HistogramBucketBoundaries: { } b } => [.. b.Select(x => (double)x)],
            Histogram<long> { Advice.HistogramBucketBoundaries: { } b } => [.. b.Select(x => (double)x)],
            Histogram<int> { Advice.HistogramBucketBoundaries: { } b } => [.. b.Select(x => (double)x)],
            _ => null,
        };
        return advised is null
            ? HistogramBuckets.ForSuffix(suffix)
            : [.. advised.Select(x => x * factor).Distinct().Order()];
    }

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (!_include(instrument.Meter) || Classify(instrument) is not { } classified)
        {
            return;
        }

        var instrumentName = instrument.Name;
        if (RuntimeMeterLevels.TryGetExposedName(instrument, out var levelName))
        {
            instrumentName = levelName;
            classified = (MetricType.Gauge, MeasurementKind.Set);
        }

        var (suffix, factor) = PrometheusNames.BaseUnit(instrument.Unit);
        var name = PrometheusNames.FamilyName(instrumentName, instrument.Unit, classified.Type);
        var bounds = classified.Type == MetricType.Histogram ? BoundsFor(instrument, suffix, factor) : [];
        var help = string.IsNullOrWhiteSpace(instrument.Description) ? instrument.Name : instrument.Description;
        var family = _families.GetOrAdd(
            name,
            _ => new FamilyAggregate(name, help, classified.Type, classified.Kind, instrument.IsObservable, bounds, MaxSeriesPerFamily));

        // A second instrument with the same exposed name must mean the same thing, or it would corrupt the family.
        if (family.Type == classified.Type && family.Kind == classified.Kind && family.ResetEachScrape == instrument.IsObservable)
        {
            listener.EnableMeasurementEvents(instrument, new InstrumentBinding(family, factor));
        }
    }
}
