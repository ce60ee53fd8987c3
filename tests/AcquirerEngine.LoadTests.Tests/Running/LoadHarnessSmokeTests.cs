using System.Text.Json;
using AcquirerEngine.LoadTests.Options;
using AcquirerEngine.LoadTests.Running;
using Xunit.Abstractions;

namespace AcquirerEngine.LoadTests.Tests.Running;

/// <summary>
/// CI's short smoke of the harness against the real server (started embedded, simulated clock): it works,
/// the books balance, and a failed threshold fails the run. Not a measure of speed: low rates, seconds.
/// </summary>
public sealed class LoadHarnessSmokeTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _reports = Directory.CreateTempSubdirectory("load-smoke-");

    [Fact]
    public async Task ANormalDayAtALowRate_BalancesTheBooks_AndAnImpossibleThresholdMakesTheExitCodeNonZero()
    {
        var options = OptionsParser.Parse(
        [
            "--scenario", "normal-day", "--engine", "embedded", "--rate", "20", "--duration", "3s", "--warmup", "1s",
            "--merchants", "4", "--duplicate-share", "0.1", "--void-share", "0.05", "--reverse-share", "0.05", "--seed", "424242",
            "--threshold", "sale.p99<1us", "--threshold", "fail%<=100", "--report-dir", _reports.FullName,
        ]);

        var exit = await RunAsync(options);

        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_reports.FullName, "report.json")));
        var root = report.RootElement;
        var sale = root.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "sale");
        Assert.True(sale.GetProperty("ok").GetInt64() > 0, "no sale was approved");
        Assert.True(root.GetProperty("books").GetProperty("passed").GetBoolean(), root.GetProperty("books").ToString());
        Assert.True(root.GetProperty("books").GetProperty("salesApproved").GetInt64() > 0);
        Assert.True(root.GetProperty("books").GetProperty("batchesSettledBalanced").GetInt32() > 0, "no batch was settled balanced");
        Assert.Equal(ExitCodes.ThresholdFailed, exit);
        var thresholds = root.GetProperty("thresholds").EnumerateArray().ToList();
        Assert.False(thresholds[0].GetProperty("passed").GetBoolean());
        Assert.True(thresholds[1].GetProperty("passed").GetBoolean());
        Assert.True(File.Exists(Path.Combine(_reports.FullName, "report.md")));
        Assert.True(File.Exists(Path.Combine(_reports.FullName, "report.html")));
    }

    [Fact]
    public async Task AShortGoldenWeek_DrainsTheBacklog_AndPaysEveryPayoutExactlyOnce()
    {
        var options = OptionsParser.Parse(
        [
            "--scenario", "golden-week", "--engine", "embedded", "--rate", "10", "--duration", "3s", "--warmup", "0",
            "--days", "2", "--merchants", "3", "--seed", "77", "--report-dir", _reports.FullName,
        ]);

        var exit = await RunAsync(options);

        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_reports.FullName, "report.json")));
        var payouts = report.RootElement.GetProperty("books").GetProperty("payouts");
        Assert.Equal(ExitCodes.Passed, exit);
        Assert.True(payouts.GetProperty("payouts").GetInt32() > 0);
        Assert.Equal(payouts.GetProperty("payouts").GetInt32(), payouts.GetProperty("paid").GetInt32());
        Assert.Equal(payouts.GetProperty("payouts").GetInt32(), payouts.GetProperty("backlogAtReopening").GetInt32());
        Assert.Equal(0, payouts.GetProperty("problems").GetArrayLength());
    }

    public void Dispose() => _reports.Delete(recursive: true);

    private async Task<int> RunAsync(HarnessOptions options)
    {
        using var log = new StringWriter();
        var exit = await LoadHarness.RunAsync(options, log, interactive: false, CancellationToken.None);
        output.WriteLine(log.ToString());
        return exit;
    }
}
