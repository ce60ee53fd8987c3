using AcquirerEngine.Benchmarks.Hosting;
using AcquirerEngine.Benchmarks.Memory;
using AcquirerEngine.Benchmarks.Reporting;

namespace AcquirerEngine.Benchmarks.Tests.Memory;

public sealed class MemoryBenchmarkTests
{
    [Fact]
    public async Task Every_seeded_grain_stays_active_and_its_memory_is_measured()
    {
        var options = new MemoryOptions { Merchants = 10, Terminals = 50, Sales = 100, Store = StoreSelection.Sqlite, Concurrency = 8 };

        var result = await MemoryBenchmark.RunAsync(options, ProgressLog.Silent, CancellationToken.None);

        Assert.True(result.Passed, string.Join(Environment.NewLine, result.Failures));
        Assert.True(result.ActiveActivations >= 60, $"{result.ActiveActivations} activations");
        Assert.True(result.ManagedDeltaBytes > 0, $"managed {result.ManagedBytes} vs baseline {result.BaselineManagedBytes}");
        Assert.Equal(Math.Round((double)result.ManagedDeltaBytes / 60, 1), result.BytesPerActivation);
        Assert.True(result.WorkingSetBytes > 0);
        Assert.True(result.BytesPerMerchant > 0 && result.BytesPerTerminal > 0 && result.BytesPerSale > 0, $"{result.BytesPerMerchant}, {result.BytesPerTerminal}, {result.BytesPerSale}");
        var phases = (result.BytesPerMerchant * 10) + (result.BytesPerTerminal * 50) + (result.BytesPerSale * 100);
        Assert.Equal(result.ManagedDeltaBytes, phases, 20.0);
        Assert.Equal(1L << 30, result.TargetBytes);
        Assert.Equal(Math.Round((double)result.WorkingSetBytes / (1L << 30), 3), result.RatioToTarget);
    }

    [Fact]
    public void A_run_that_lost_activations_or_sales_fails_its_checks_not_its_speed()
    {
        var result = new MemoryResult
        {
            Store = "memory",
            Merchants = 1,
            Terminals = 1,
            Sales = 1,
            ActiveActivations = 0,
            SeedSeconds = 0,
            BaselineManagedBytes = 0,
            ManagedBytes = 0,
            BaselineWorkingSetBytes = 0,
            WorkingSetBytes = 2L << 30,
            BytesPerMerchant = 0,
            BytesPerTerminal = 0,
            BytesPerSale = 0,
            Passed = false,
            Failures = ["every merchant and terminal is active: 1 case(s), e.g. 0 activations"],
        };

        var output = new StringWriter();
        ResultWriter.Write(result, output);

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith(ResultWriter.JsonPrefix + "{", lines[0], StringComparison.Ordinal);
        Assert.Contains("ratio 2.00", lines[1], StringComparison.Ordinal);
        Assert.Contains("checks FAILED", lines[1], StringComparison.Ordinal);
        Assert.Equal("CHECK FAILED: every merchant and terminal is active: 1 case(s), e.g. 0 activations", lines[2]);
    }
}
