using AcquirerEngine.Server.Metrics;

namespace AcquirerEngine.Server.Tests.Metrics;

public sealed class PrometheusTextWriterTests
{
    [Fact]
    public void Counter_with_labels_is_written_exactly()
    {
        var family = new MetricFamilySnapshot(
            "acquirer_grpc_server_requests_total",
            "gRPC calls handled.",
            MetricType.Counter,
            [],
            [
                MetricSeriesSnapshot.Scalar([new("grpc_code", "OK"), new("grpc_method", "acquirer.v1.TerminalService/Sale")], 3),
                MetricSeriesSnapshot.Scalar([new("grpc_code", "INVALID_ARGUMENT"), new("grpc_method", "acquirer.v1.TerminalService/Sale")], 1),
            ]);

        var text = PrometheusTextWriter.Write([family]);

        Assert.Equal(
            "# HELP acquirer_grpc_server_requests_total gRPC calls handled.\n" +
            "# TYPE acquirer_grpc_server_requests_total counter\n" +
            "acquirer_grpc_server_requests_total{grpc_code=\"OK\",grpc_method=\"acquirer.v1.TerminalService/Sale\"} 3\n" +
            "acquirer_grpc_server_requests_total{grpc_code=\"INVALID_ARGUMENT\",grpc_method=\"acquirer.v1.TerminalService/Sale\"} 1\n",
            text);
    }

    [Fact]
    public void Histogram_buckets_are_cumulative_and_end_with_inf_sum_and_count()
    {
        // Per-bucket counts 2, 0, 3 and 1 above the last bound: cumulative 2, 2, 5, then +Inf 6.
        var family = new MetricFamilySnapshot(
            "rpc_duration_seconds",
            "Latency.",
            MetricType.Histogram,
            [0.001, 0.01, 0.1],
            [new MetricSeriesSnapshot([new("method", "Sale")], 0, [2, 0, 3, 1], 0.5625, 6)]);

        var text = PrometheusTextWriter.Write([family]);

        Assert.Equal(
            "# HELP rpc_duration_seconds Latency.\n" +
            "# TYPE rpc_duration_seconds histogram\n" +
            "rpc_duration_seconds_bucket{method=\"Sale\",le=\"0.001\"} 2\n" +
            "rpc_duration_seconds_bucket{method=\"Sale\",le=\"0.01\"} 2\n" +
            "rpc_duration_seconds_bucket{method=\"Sale\",le=\"0.1\"} 5\n" +
            "rpc_duration_seconds_bucket{method=\"Sale\",le=\"+Inf\"} 6\n" +
            "rpc_duration_seconds_sum{method=\"Sale\"} 0.5625\n" +
            "rpc_duration_seconds_count{method=\"Sale\"} 6\n",
            text);
    }

    [Fact]
    public void Label_values_escape_backslash_quote_and_newline_and_help_escapes_backslash_and_newline()
    {
        var family = new MetricFamilySnapshot(
            "odd_gauge",
            "Says \"hi\" with a \\ and a\nnewline.",
            MetricType.Gauge,
            [],
            [MetricSeriesSnapshot.Scalar([new("path", "C:\\dir \"x\"\nnext")], -2.5)]);

        var text = PrometheusTextWriter.Write([family]);

        Assert.Equal(
            "# HELP odd_gauge Says \"hi\" with a \\\\ and a\\nnewline.\n" +
            "# TYPE odd_gauge gauge\n" +
            "odd_gauge{path=\"C:\\\\dir \\\"x\\\"\\nnext\"} -2.5\n",
            text);
    }

    [Fact]
    public void Series_without_labels_have_no_braces_and_special_values_use_prometheus_spelling()
    {
        var family = new MetricFamilySnapshot(
            "plain",
            "p",
            MetricType.Gauge,
            [],
            [
                MetricSeriesSnapshot.Scalar([], double.PositiveInfinity),
                MetricSeriesSnapshot.Scalar([new("k", "nan")], double.NaN),
                MetricSeriesSnapshot.Scalar([new("k", "small")], 0.0001),
                MetricSeriesSnapshot.Scalar([new("k", "neg")], double.NegativeInfinity),
            ]);

        var text = PrometheusTextWriter.Write([family]);

        Assert.Contains("\nplain +Inf\n", text, StringComparison.Ordinal);
        Assert.Contains("\nplain{k=\"nan\"} NaN\n", text, StringComparison.Ordinal);
        Assert.Contains("\nplain{k=\"small\"} 0.0001\n", text, StringComparison.Ordinal);
        Assert.Contains("\nplain{k=\"neg\"} -Inf\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_family_without_series_is_left_out()
    {
        var text = PrometheusTextWriter.Write([new MetricFamilySnapshot("empty_total", "e", MetricType.Counter, [], [])]);

        Assert.Equal(string.Empty, text);
    }
}
