using System.Globalization;
using AcquirerEngine.Grpc;
using AcquirerEngine.Server.Metrics;
using AcquirerEngine.Testing;

namespace AcquirerEngine.Server.Tests.Metrics;

/// <summary>/metrics of the real server process after a known scenario (see <see cref="MetricsScenarioFixture"/>).</summary>
public sealed class MetricsEndToEndTests(MetricsScenarioFixture scenario) : IClassFixture<MetricsScenarioFixture>
{
    private const string Requests = "acquirer_grpc_server_requests_total";
    private const string Duration = "acquirer_grpc_server_duration_seconds";

    [Fact]
    public void Served_as_prometheus_text_on_its_own_port()
    {
        Assert.Equal(PrometheusTextWriter.ContentType, scenario.ContentType);
        Assert.NotEqual(scenario.Engine.Address.Port, scenario.Engine.MetricsAddress.Port);
        Assert.Equal("/metrics", scenario.Engine.MetricsAddress.AbsolutePath);
    }

    [Fact]
    public void Requests_are_counted_by_method_and_status_and_the_latency_histogram_counts_the_same_calls()
    {
        var ok = $"{{grpc_code=\"OK\",grpc_method=\"{MetricsScenarioFixture.SaleMethod}\"}}";
        var invalid = $"{{grpc_code=\"INVALID_ARGUMENT\",grpc_method=\"{MetricsScenarioFixture.SaleMethod}\"}}";

        // Two sales approved (one of them held), one refused; every request was read, only approvals answered.
        Assert.Equal(2, scenario.Sample(Requests + ok));
        Assert.Equal(1, scenario.Sample(Requests + invalid));
        Assert.Equal(2, scenario.Sample(Duration + "_count" + ok));
        Assert.Equal(1, scenario.Sample(Duration + "_count" + invalid));
        Assert.Equal(2, scenario.Sample($"{Duration}_bucket{{grpc_code=\"OK\",grpc_method=\"{MetricsScenarioFixture.SaleMethod}\",le=\"+Inf\"}}"));
        Assert.Equal(3, scenario.Sample($"acquirer_grpc_server_request_size_bytes_count{{grpc_method=\"{MetricsScenarioFixture.SaleMethod}\"}}"));
        Assert.Equal(2, scenario.Sample($"acquirer_grpc_server_response_size_bytes_count{{grpc_method=\"{MetricsScenarioFixture.SaleMethod}\"}}"));
    }

    [Fact]
    public void A_method_nobody_serves_is_counted_as_unimplemented_under_unknown()
    {
        Assert.Equal(StatusCode.Unimplemented, scenario.UnknownMethodStatus);
        Assert.Equal(1, scenario.Sample(Requests + "{grpc_code=\"UNIMPLEMENTED\",grpc_method=\"unknown\"}"));
        Assert.DoesNotContain("NoSuchService", scenario.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Totals_over_all_series_agree_between_the_counter_and_the_histogram()
    {
        var counted = scenario.Samples(Requests).Sum(s => s.Value);
        var timed = scenario.Samples(Duration + "_count").Sum(s => s.Value);

        Assert.True(counted >= 6, $"onboarding, sign-on, two sales and more were made, yet {counted} calls were counted");
        Assert.Equal(counted, timed);
    }

    [Fact]
    public void The_settlement_run_instructed_a_payout_that_waits_in_a_rail_queue_for_the_simulated_time()
    {
        var depths = scenario.Samples("acquirer_payout_queue_depth");
        var waiting = Assert.Single(depths, d => d.Value > 0);
        var channel = waiting.Series["acquirer_payout_queue_depth".Length..];
        var age = scenario.Sample("acquirer_payout_queue_oldest_age_seconds" + channel);

        Assert.Equal(1, waiting.Value);
        Assert.Equal(MetricsScenarioFixture.ExpectedQueueAgeSeconds, age);
        Assert.Equal(1, scenario.Sample("acquirer_settlement_runs_total{outcome=\"payout_instructed\"}"));
    }

    [Fact]
    public void The_held_first_sale_counts_one_hold_and_its_risk_alert()
    {
        Assert.Equal(1, scenario.Sample("acquirer_holds_placed_total{source=\"risk_review\"}"));
        Assert.Null(scenario.Sample("acquirer_holds_released_total"));
        Assert.True(scenario.Samples("acquirer_alerts_raised_total").Sum(s => s.Value) >= 1, scenario.Text);
    }

    [Fact]
    public void Grain_activations_are_those_created_and_not_yet_deactivated_and_reminder_ticks_are_counted()
    {
        var created = scenario.Sample("acquirer_runtime_activations_created_total{grain_type=\"bank-channel\"}") ?? 0;
        var deactivated = scenario.Sample("acquirer_runtime_activations_deactivated_total{grain_type=\"bank-channel\"}") ?? 0;
        var active = scenario.Sample("acquirer_runtime_activations{grain_type=\"bank-channel\"}");

        Assert.True(active >= 1, scenario.Text);
        Assert.Equal(created - deactivated, active);
        Assert.Equal(0, scenario.Sample("acquirer_runtime_mailbox_depth{grain_type=\"bank-channel\"}"));
        Assert.Equal(0, scenario.Sample("acquirer_runtime_mailbox_depth_max{grain_type=\"bank-channel\"}"));
        Assert.True(scenario.Sample("acquirer_runtime_reminder_ticks_total{grain_type=\"merchant\",outcome=\"ok\"}") >= 1, scenario.Text);
    }

    [Fact]
    public async Task Promtool_finds_the_exposition_valid_and_lint_clean()
    {
        var (exitCode, output) = await Promtool.CheckMetricsAsync(scenario.Text);

        Assert.True(exitCode == 0 && output.Trim().Length == 0, $"promtool exited {exitCode}:\n{output}\n--- metrics ---\n{scenario.Text}");
    }

    [Fact]
    public async Task A_real_prometheus_scrapes_the_engine_and_answers_the_sale_count()
    {
        await using var prometheus = await PrometheusServer.StartAsync(scenario.Engine.MetricsAddress);
        var query = $"{Requests}{{grpc_method=\"{MetricsScenarioFixture.SaleMethod}\",grpc_code=\"OK\",job=\"{PrometheusServer.JobName}\"}}";

        var value = await prometheus.WaitForValueAsync(query, 2, TimeSpan.FromSeconds(90));

        Assert.True(value == 2, $"Prometheus answered {value?.ToString(CultureInfo.InvariantCulture) ?? "nothing"} for {query}:\n{prometheus.Output}");
    }
}
