using AcquirerEngine.Server.Metrics;

namespace AcquirerEngine.Server.Tests.Metrics;

public sealed class PrometheusNamesTests
{
    [Theory]
    [InlineData("acquirer.grpc.server.requests", "{request}", MetricType.Counter, "acquirer_grpc_server_requests_total")]
    [InlineData("acquirer.grpc.server.duration", "s", MetricType.Histogram, "acquirer_grpc_server_duration_seconds")]
    [InlineData("acquirer.storage.commit.latency", "ms", MetricType.Histogram, "acquirer_storage_commit_latency_seconds")]
    [InlineData("acquirer.grpc.server.request.size", "By", MetricType.Histogram, "acquirer_grpc_server_request_size_bytes")]
    [InlineData("acquirer.payout.queue.oldest.age", "s", MetricType.Gauge, "acquirer_payout_queue_oldest_age_seconds")]
    [InlineData("already_seconds", "s", MetricType.Gauge, "already_seconds")]
    [InlineData("requests_total", null, MetricType.Counter, "requests_total")]
    [InlineData("busy.time", "ms", MetricType.Counter, "busy_time_seconds_total")]
    [InlineData("9lives-cat", "", MetricType.Gauge, "_9lives_cat")]
    [InlineData("ns:name", "{x}", MetricType.Gauge, "ns:name")]
    public void Family_names_are_sanitized_with_base_unit_and_total_suffixes(string instrument, string? unit, MetricType type, string expected)
    {
        Assert.Equal(expected, PrometheusNames.FamilyName(instrument, unit, type));
    }

    [Theory]
    [InlineData("grpc.method", "grpc_method")]
    [InlineData("ns:key", "ns_key")]
    [InlineData("1st", "_1st")]
    [InlineData("", "_")]
    public void Label_names_allow_only_letters_digits_and_underscore(string tag, string expected)
    {
        Assert.Equal(expected, PrometheusNames.SanitizeLabelName(tag));
    }

    [Theory]
    [InlineData("ms", "seconds", 0.001)]
    [InlineData("s", "seconds", 1)]
    [InlineData("KiBy", "bytes", 1024)]
    [InlineData("{turn}", "", 1)]
    public void Units_map_to_base_units_with_their_factor(string unit, string suffix, double factor)
    {
        Assert.Equal((suffix, factor), PrometheusNames.BaseUnit(unit));
    }
}
