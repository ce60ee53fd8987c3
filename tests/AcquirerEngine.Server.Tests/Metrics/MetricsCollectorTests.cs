using System.Diagnostics.Metrics;
using AcquirerEngine.Server.Metrics;

namespace AcquirerEngine.Server.Tests.Metrics;

/// <summary>The collector over a private meter (so the engine's own static meters in this process do not interfere).</summary>
public sealed class MetricsCollectorTests : IDisposable
{
    private readonly Meter _meter = new("AcquirerEngine.Tests.Collector." + Guid.NewGuid().ToString("N"));
    private readonly MetricsCollector _collector;

    public MetricsCollectorTests()
    {
        _collector = new MetricsCollector(meter => ReferenceEquals(meter, _meter));
    }

    public void Dispose()
    {
        _collector.Dispose();
        _meter.Dispose();
    }

    [Fact]
    public void Counter_sums_per_label_set_whatever_the_tag_order()
    {
        var counter = _meter.CreateCounter<long>("test.requests", "{request}", "Requests.");
        counter.Add(2, new KeyValuePair<string, object?>("method", "Sale"), new KeyValuePair<string, object?>("code", "OK"));
        counter.Add(3, new KeyValuePair<string, object?>("code", "OK"), new KeyValuePair<string, object?>("method", "Sale"));
        counter.Add(1, new KeyValuePair<string, object?>("code", "NOT_FOUND"), new KeyValuePair<string, object?>("method", "Sale"));

        var text = _collector.CollectText();

        Assert.Equal(
            "# HELP test_requests_total Requests.\n" +
            "# TYPE test_requests_total counter\n" +
            "test_requests_total{code=\"NOT_FOUND\",method=\"Sale\"} 1\n" +
            "test_requests_total{code=\"OK\",method=\"Sale\"} 5\n",
            text);
    }

    [Fact]
    public void Millisecond_histogram_is_exposed_in_seconds_with_the_latency_buckets()
    {
        var histogram = _meter.CreateHistogram<double>("test.latency", "ms", "Latency.");
        histogram.Record(0.05); // 0.00005 s: first bucket (le 0.0001)
        histogram.Record(3);    // 0.003 s: le 0.005
        histogram.Record(20_000); // 20 s: above every bound

        var family = Assert.Single(_collector.Collect());
        var series = Assert.Single(family.Series);

        Assert.Equal(("test_latency_seconds", MetricType.Histogram), (family.Name, family.Type));
        Assert.Equal(HistogramBuckets.Seconds, family.BucketBounds);
        Assert.Equal(3, series.Count);
        Assert.Equal(20.00305, series.Sum, precision: 9);
        var text = _collector.CollectText();
        Assert.Contains("test_latency_seconds_bucket{le=\"0.0001\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("test_latency_seconds_bucket{le=\"0.0025\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("test_latency_seconds_bucket{le=\"0.005\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("test_latency_seconds_bucket{le=\"10\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("test_latency_seconds_bucket{le=\"+Inf\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("test_latency_seconds_count 3\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Histogram_advice_overrides_the_default_buckets()
    {
        var histogram = _meter.CreateHistogram<long>(
            "test.batch.size", "{write}", "Batch sizes.", tags: null, advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 8, 64] });
        histogram.Record(8);
        histogram.Record(9);

        var family = Assert.Single(_collector.Collect());

        Assert.Equal([1.0, 8.0, 64.0], family.BucketBounds);
        Assert.Equal([0L, 1L, 1L, 0L], Assert.Single(family.Series).BucketCounts);
    }

    [Fact]
    public void Up_down_counter_is_a_gauge_that_goes_down()
    {
        var inFlight = _meter.CreateUpDownCounter<int>("test.in_flight", "{call}", "Calls in flight.");
        inFlight.Add(3);
        inFlight.Add(-2);

        var family = Assert.Single(_collector.Collect());

        Assert.Equal(("test_in_flight", MetricType.Gauge, 1.0), (family.Name, family.Type, Assert.Single(family.Series).Value));
    }

    [Fact]
    public void Observable_gauge_reports_only_what_its_callback_reports_at_each_collection()
    {
        var depths = new Dictionary<string, int> { ["Hvps"] = 4, ["Beps"] = 1 };
        _meter.CreateObservableGauge(
            "test.queue.depth",
            () => depths.Select(d => new Measurement<int>(d.Value, new KeyValuePair<string, object?>("channel", d.Key))).ToList(),
            "{payout}",
            "Queue depth.");

        var first = _collector.CollectText();
        depths.Remove("Hvps");
        depths["Beps"] = 7;
        var second = _collector.CollectText();

        Assert.Contains("test_queue_depth{channel=\"Hvps\"} 4\n", first, StringComparison.Ordinal);
        Assert.Contains("test_queue_depth{channel=\"Beps\"} 1\n", first, StringComparison.Ordinal);
        Assert.DoesNotContain("Hvps", second, StringComparison.Ordinal);
        Assert.Contains("test_queue_depth{channel=\"Beps\"} 7\n", second, StringComparison.Ordinal);
    }

    [Fact]
    public void Observable_counter_is_a_total_taken_as_reported()
    {
        var total = 10L;
        _meter.CreateObservableCounter("test.bytes.written", () => total, "By", "Bytes written.");

        var first = _collector.CollectText();
        total = 25;
        var second = _collector.CollectText();

        Assert.Contains("test_bytes_written_bytes_total 10\n", first, StringComparison.Ordinal);
        Assert.Contains("test_bytes_written_bytes_total 25\n", second, StringComparison.Ordinal);
    }

    [Fact]
    public void Repeated_tag_sets_keep_adding_to_the_series_their_labels_name_whatever_the_value_type()
    {
        var counter = _meter.CreateCounter<long>("test.repeats", "{x}", "Repeats.");
        for (var i = 0; i < 100; i++)
        {
            // The same label set as an int, a string and in the other tag order: one series, not three.
            counter.Add(1, new KeyValuePair<string, object?>("shard", 7), new KeyValuePair<string, object?>("kind", "a"));
            counter.Add(2, new KeyValuePair<string, object?>("shard", "7"), new KeyValuePair<string, object?>("kind", "a"));
            counter.Add(4, new KeyValuePair<string, object?>("kind", "a"), new KeyValuePair<string, object?>("shard", 7));
            counter.Add(8, new KeyValuePair<string, object?>("kind", "b"), new KeyValuePair<string, object?>("shard", 7));
        }

        Assert.Equal(
            "# HELP test_repeats_total Repeats.\n" +
            "# TYPE test_repeats_total counter\n" +
            "test_repeats_total{kind=\"a\",shard=\"7\"} 700\n" +
            "test_repeats_total{kind=\"b\",shard=\"7\"} 800\n",
            _collector.CollectText());
    }

    [Fact]
    public void A_measurement_of_a_known_label_set_allocates_nothing_whatever_its_number_type()
    {
        var counter = _meter.CreateCounter<long>("test.hot.counter", "{x}", "A counter on a hot path.");
        var histogram = _meter.CreateHistogram<double>("test.hot.latency", "s", "A histogram on a hot path.");
        var gauge = _meter.CreateUpDownCounter<int>("test.hot.depth", "{x}", "An int up-down counter on a hot path.");
        var tag = new KeyValuePair<string, object?>("method", "Sale");
        MeasureAll(); // the label sets' first measurements make their series

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            MeasureAll();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // A boxed long or double is 24 bytes; 3,000 measurements boxing would allocate 72,000.
        Assert.True(allocated < 1_000, $"3,000 measurements allocated {allocated} bytes");
        Assert.Contains("test_hot_counter_total{method=\"Sale\"} 1001\n", _collector.CollectText(), StringComparison.Ordinal);

        void MeasureAll()
        {
            counter.Add(1, tag);
            histogram.Record(0.002, tag);
            gauge.Add(1, tag);
        }
    }

    [Fact]
    public void Label_sets_beyond_the_bound_stay_dropped_when_measured_again()
    {
        var counter = _meter.CreateCounter<long>("test.runaway.again", "{x}", "Runaway tags, twice.");
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < MetricsCollector.MaxSeriesPerFamily + 10; i++)
            {
                counter.Add(1, new KeyValuePair<string, object?>("id", i));
            }
        }

        var family = Assert.Single(_collector.Collect());

        Assert.Equal(MetricsCollector.MaxSeriesPerFamily, family.Series.Count);
        Assert.All(family.Series, series => Assert.Equal(2, series.Value));
    }

    [Fact]
    public void Label_sets_beyond_the_bound_are_dropped_not_kept()
    {
        var counter = _meter.CreateCounter<long>("test.runaway", "{x}", "Runaway tags.");
        for (var i = 0; i < MetricsCollector.MaxSeriesPerFamily + 10; i++)
        {
            counter.Add(1, new KeyValuePair<string, object?>("id", i));
        }

        var family = Assert.Single(_collector.Collect());

        Assert.Equal(MetricsCollector.MaxSeriesPerFamily, family.Series.Count);
    }

    [Fact]
    public void The_default_collector_exposes_the_runtime_meter_with_its_levels_as_plainly_named_gauges()
    {
        using var collector = new MetricsCollector();
        GC.Collect(0);

        var text = collector.CollectText();

        Assert.Contains("# TYPE dotnet_gc_pause_time_seconds_total counter\n", text, StringComparison.Ordinal);
        Assert.Matches("\ndotnet_gc_collections_total\\{gc_heap_generation=\"gen0\"\\} [1-9][0-9]*\n", text);
        Assert.Matches("\n# TYPE dotnet_thread_pool_threads gauge\ndotnet_thread_pool_threads [1-9][0-9]*\n", text);
        Assert.Contains("# TYPE dotnet_thread_pool_queue_length gauge\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE dotnet_process_cpus gauge\n", text, StringComparison.Ordinal);
        Assert.DoesNotMatch("\ndotnet_[a-z_]*_count[ {]", text);
        Assert.DoesNotContain("dotnet_thread_pool_queue_length_total", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Meters_the_filter_refuses_are_not_collected()
    {
        using var other = new Meter("AcquirerEngine.Tests.Other." + Guid.NewGuid().ToString("N"));
        other.CreateCounter<long>("test.other").Add(1);
        _meter.CreateCounter<long>("test.mine").Add(1);

        var family = Assert.Single(_collector.Collect());

        Assert.Equal("test_mine_total", family.Name);
    }
}
