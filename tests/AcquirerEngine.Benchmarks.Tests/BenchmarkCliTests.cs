using System.Text.Json;
using AcquirerEngine.Benchmarks.Reporting;

namespace AcquirerEngine.Benchmarks.Tests;

public sealed class BenchmarkCliTests
{
    [Theory]
    [InlineData("settlement --merchants 0", "--merchants")]
    [InlineData("settlement --merchants 5 --terminals 2", "--terminals")]
    [InlineData("settlement --max-queue-depth 0", "--max-queue-depth")]
    [InlineData("backlog --payouts abc", "--payouts")]
    [InlineData("backlog --store postgres", "--connection")]
    [InlineData("memory --store memory --data-dir somewhere", "--data-dir")]
    [InlineData("memory --store oracle", "--store")]
    [InlineData("memory --concurrency 0", "--concurrency")]
    [InlineData("history --history 0,x --store memory", "--history")]
    [InlineData("history --sales 2 --voids 3 --store memory", "--voids")]
    [InlineData("schema-upgrade --from-version 5", "--from-version")]
    [InlineData("schema-upgrade --records 10 --grains 11", "--grains")]
    public async Task Bad_input_exits_2_with_an_error_naming_the_option(string commandLine, string option)
    {
        var (code, output, error) = await RunAsync(commandLine);

        Assert.Equal(BenchmarkExitCodes.InvalidArgument, code);
        Assert.Contains(option, error, StringComparison.Ordinal);
        Assert.DoesNotContain(ResultWriter.JsonPrefix, output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("settlement --merchants 3 --terminals 3 --sales 9 --store memory", "settlement")]
    [InlineData("backlog --payouts 2 --store memory", "backlog")]
    [InlineData("memory --merchants 2 --terminals 4 --sales 4 --store memory", "memory")]
    [InlineData("history --history 0,300 --sales 4 --voids 2 --domain-captures 10 --rounds 1 --store memory", "history")]
    public async Task A_passing_run_prints_one_json_line_and_one_human_line_and_exits_0(string commandLine, string benchmark)
    {
        var (code, output, error) = await RunAsync(commandLine);

        Assert.True(code == BenchmarkExitCodes.Passed, error + output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith(ResultWriter.JsonPrefix, lines[0], StringComparison.Ordinal);
        using var json = JsonDocument.Parse(lines[0][ResultWriter.JsonPrefix.Length..]);
        Assert.Equal(benchmark, json.RootElement.GetProperty("benchmark").GetString());
        Assert.Equal("memory", json.RootElement.GetProperty("store").GetString());
        Assert.True(json.RootElement.GetProperty("passed").GetBoolean());
        Assert.StartsWith($"{benchmark} [memory]: ", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("checks passed", lines[1], StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(string commandLine)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await BenchmarkCli.RunAsync(commandLine.Split(' '), output, error);
        return (code, output.ToString(), error.ToString());
    }
}
