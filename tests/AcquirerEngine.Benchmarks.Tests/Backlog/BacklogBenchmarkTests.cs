using AcquirerEngine.Benchmarks.Backlog;
using AcquirerEngine.Benchmarks.Hosting;
using AcquirerEngine.Benchmarks.Reporting;
using AcquirerEngine.Benchmarks.Seeding;

namespace AcquirerEngine.Benchmarks.Tests.Backlog;

public sealed class BacklogBenchmarkTests
{
    [Fact]
    public async Task Golden_week_backlog_is_queued_on_HVPS_and_credited_once_each_at_the_modeled_pace()
    {
        var options = new BacklogOptions { Payouts = 45, Store = StoreSelection.Memory, Concurrency = 8 };

        var result = await BacklogBenchmark.RunAsync(options, ProgressLog.Silent, CancellationToken.None);

        Assert.True(result.Passed, string.Join(Environment.NewLine, result.Failures));
        Assert.Equal(45, result.QueuedAtReopening);
        Assert.Equal(45, result.Credited);
        Assert.Equal(45, result.DistinctPayoutsCredited);
        Assert.Equal("Hvps", result.Channel);
        Assert.Equal(20, result.PayoutsPerSecond);

        // 45 payouts at 20 per one-second drain: three ticks are modeled and the engine needs at least as many.
        Assert.Equal(3, result.ModeledSeconds);
        Assert.InRange(result.DrainTicks, 3, 10);
        Assert.Equal("2026-10-07T20:30:00", result.ReopeningLocal);
        Assert.True(result.EngineBusySeconds > 0);
        Assert.True(
            result.OverheadSeconds > 0 && result.OverheadSeconds <= result.EngineBusySeconds + 0.001,
            $"overhead {result.OverheadSeconds} s within the engine's busy {result.EngineBusySeconds} s");
        Assert.Contains(result.DrainWrites, w => w.GrainType == "simulated-bank" && w.Writes == 45);
    }

    [Fact]
    public async Task Bulk_payouts_beyond_the_merchants_own_are_queued_through_the_rail_and_each_credited_once_with_its_amount()
    {
        var options = new BacklogOptions { Payouts = 70, Merchants = 10, Store = StoreSelection.Sqlite, Concurrency = 8 };

        var result = await BacklogBenchmark.RunAsync(options, ProgressLog.Silent, CancellationToken.None);

        Assert.True(result.Passed, string.Join(Environment.NewLine, result.Failures));
        Assert.Equal((70, 10, 60), (result.QueuedAtReopening, result.Merchants, result.BulkPayouts));
        Assert.Equal(70, result.DistinctPayoutsCredited);
        Assert.Equal(4, result.ModeledSeconds);
        Assert.NotNull(result.BytesPerQueuedPayout);
        Assert.Contains(result.DrainWrites, w => w.GrainType == "simulated-bank" && w.Writes == 70);
    }

    [Theory]
    [InlineData(0, null, "--payouts")]
    [InlineData(10, 0, "--merchants")]
    [InlineData(10_000_001, null, "--payouts")]
    public void Bad_sizes_are_refused_naming_the_option(int payouts, int? merchants, string option) =>
        Assert.Contains(option, new BacklogOptions { Payouts = payouts, Merchants = merchants }.Problem, StringComparison.Ordinal);

    [Fact]
    public void Bulk_payouts_pay_the_seeded_merchants_accounts_in_turn_on_HVPS_with_distinct_ids()
    {
        var plan = new SeedPlan { Merchants = 3, Terminals = 3, Sales = 3, SaleLocalTime = BacklogBenchmark.SalesLocal };
        var runDate = DateOnly.FromDateTime(BacklogBenchmark.SettlementRunLocal);
        var payouts = Enumerable.Range(0, 7).Select(i => BacklogBenchmark.BulkInstruction(plan, i, runDate)).ToList();

        Assert.Equal(7, payouts.Select(p => p.PayoutId).Distinct().Count());
        var merchants = Enumerable.Range(0, 3).Select(SeedIds.Merchant).ToList();
        Assert.Equal([0, 1, 2, 0, 1, 2, 0], payouts.Select(p => merchants.IndexOf(p.MerchantId)));
        Assert.All(payouts, p => Assert.Equal(Domain.Channels.ChannelKind.Hvps, p.Channel));
        Assert.All(payouts, p => Assert.Equal(SeedIds.Account(merchants.IndexOf(p.MerchantId)), p.Account.AccountNumber));
    }

    [Fact]
    public async Task Backlog_result_line_names_the_overhead_and_the_modeled_time()
    {
        var result = await BacklogBenchmark.RunAsync(
            new BacklogOptions { Payouts = 3, Store = StoreSelection.Memory }, ProgressLog.Silent, CancellationToken.None);

        using var json = System.Text.Json.JsonDocument.Parse(ResultWriter.ToJson(result));
        var root = json.RootElement;
        Assert.Equal("backlog", root.GetProperty("benchmark").GetString());
        Assert.True(root.GetProperty("passed").GetBoolean());
        Assert.Equal(1, root.GetProperty("modeledSeconds").GetDouble());
        Assert.Equal(result.OverheadSeconds, root.GetProperty("overheadSeconds").GetDouble());
        Assert.Equal(5, root.GetProperty("targetOverheadSeconds").GetDouble());
        Assert.Equal(3, root.GetProperty("credited").GetInt32());
    }
}
