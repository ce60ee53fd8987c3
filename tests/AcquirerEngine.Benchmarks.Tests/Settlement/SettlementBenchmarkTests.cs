using AcquirerEngine.Benchmarks.Hosting;
using AcquirerEngine.Benchmarks.Reporting;
using AcquirerEngine.Benchmarks.Seeding;
using AcquirerEngine.Benchmarks.Settlement;
using AcquirerEngine.Domain.Fees;
using AcquirerEngine.Domain.Terminals;

namespace AcquirerEngine.Benchmarks.Tests.Settlement;

public sealed class SettlementBenchmarkTests
{
    [Theory]
    [InlineData(StoreKind.Memory)]
    [InlineData(StoreKind.Sqlite)]
    public async Task Tiny_run_pays_every_merchant_its_net_and_passes_its_checks(StoreKind store)
    {
        var options = new SettlementOptions { Merchants = 6, Terminals = 9, Sales = 60, Store = new StoreSelection(store), Concurrency = 4 };

        var result = await SettlementBenchmark.RunAsync(options, ProgressLog.Silent, CancellationToken.None);

        Assert.True(result.Passed, string.Join(Environment.NewLine, result.Failures));
        Assert.Empty(result.Failures);
        Assert.Equal(6, result.MerchantsWithPayout);
        Assert.Equal(ExpectedNet(options), result.PayoutMinorTotal);
        Assert.Equal(6, result.PayoutsAcceptedByRails);
        Assert.Equal(store.ToString().ToLowerInvariant(), result.Store);
        Assert.True(result.SalesLoadedPerSecond > 0);
        Assert.True(result.CutOffToInstructionsSeconds > 0);
        Assert.Equal(result.CutOffToInstructionsSeconds / 10, result.RatioToTarget, 3);
        var merchantWrites = Assert.Single(result.WindowWrites, w => w.GrainType == "merchant");
        Assert.True(merchantWrites.Writes >= 6, $"every merchant writes its run: {merchantWrites.Writes}");
        Assert.True(result.WindowGcPauseSeconds >= 0);
        Assert.Equal(Enum.GetValues<GcKind>().Length, result.WindowGc.ByKind.Count);
        if (store == StoreKind.Sqlite)
        {
            // The window's runs went through the SQLite writer: its batches, their writes and phases were heard.
            var writer = result.WindowStoreWriter;
            Assert.True(writer.Batches > 0, $"batches: {writer.Batches}");
            Assert.True(writer.WritesPerBatch >= 1, $"writes per batch: {writer.WritesPerBatch}");
            Assert.True(writer.BusySeconds > 0, $"busy seconds: {writer.BusySeconds}");
            Assert.Contains("commit", writer.PhaseSeconds.Keys);
            Assert.Contains("records", writer.PhaseSeconds.Keys);

            // Every batch reports its wait for the write lock (zero or not); checkpoints appear only once one ran.
            Assert.Contains("wait", writer.PhaseSeconds.Keys);
            Assert.All(writer.CheckpointSeconds.Values, seconds => Assert.True(seconds >= 0, $"checkpoint seconds: {seconds}"));
        }
    }

    [Fact]
    public async Task Result_line_is_json_with_the_figures_and_the_verdict()
    {
        var options = new SettlementOptions { Merchants = 2, Terminals = 2, Sales = 4, Store = StoreSelection.Memory };
        var result = await SettlementBenchmark.RunAsync(options, ProgressLog.Silent, CancellationToken.None);

        using var json = System.Text.Json.JsonDocument.Parse(ResultWriter.ToJson(result));
        var root = json.RootElement;
        Assert.Equal("settlement", root.GetProperty("benchmark").GetString());
        Assert.True(root.GetProperty("passed").GetBoolean());
        Assert.Equal(4, root.GetProperty("sales").GetInt64());
        Assert.Equal(result.CutOffToInstructionsSeconds, root.GetProperty("cutOffToInstructionsSeconds").GetDouble());
        Assert.Equal(result.SalesLoadedPerSecond, root.GetProperty("salesLoadedPerSecond").GetDouble());

        // Selling allocates (commands, outcomes, journal records): a figure of zero would mean the window was not measured.
        Assert.True(root.GetProperty("salesLoadAllocatedBytesPerSale").GetInt64() > 0);
        Assert.Equal(result.SalesLoadAllocatedBytesPerSale, root.GetProperty("salesLoadAllocatedBytesPerSale").GetInt64());
        Assert.Equal(10, root.GetProperty("targetSeconds").GetDouble());
        Assert.Equal(System.Text.Json.JsonValueKind.Array, root.GetProperty("windowWrites").ValueKind);

        // The window's own cost: the runs allocate, and the process spends CPU on them.
        Assert.True(root.GetProperty("windowAllocatedBytesPerMerchant").GetInt64() > 0);
        Assert.Equal(result.WindowCpuSeconds, root.GetProperty("windowCpuSeconds").GetDouble());
    }

    /// <summary>The money the seeded sales leave after the standard credit-card fee, computed without the engine.</summary>
    private static long ExpectedNet(SettlementOptions options)
    {
        var plan = new SeedPlan
        {
            Merchants = options.Merchants,
            Terminals = options.Terminals,
            Sales = options.Sales,
            SaleLocalTime = SettlementBenchmark.SalesLocal,
            Seed = options.Seed,
        };
        long net = 0;
        for (long s = 0; s < plan.Sales; s++)
        {
            var amount = WorldSeeder.Amount(plan, s);
            net += amount - FeeCalculator.Fee(amount, CardType.Credit, RateTables.Standard).FeeMinor;
        }

        return net;
    }
}
