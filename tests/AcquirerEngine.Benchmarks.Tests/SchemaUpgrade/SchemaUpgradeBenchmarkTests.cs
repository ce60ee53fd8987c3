using AcquirerEngine.Benchmarks.Reporting;
using AcquirerEngine.Benchmarks.SchemaUpgrade;
using Microsoft.Data.Sqlite;

namespace AcquirerEngine.Benchmarks.Tests.SchemaUpgrade;

public sealed class SchemaUpgradeBenchmarkTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ae-schema-upgrade-test-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public async Task A_file_of_an_earlier_schema_opens_at_the_newest_with_every_sampled_journal_and_tail_intact(int fromVersion)
    {
        var options = new SchemaUpgradeOptions { FromVersion = fromVersion, Records = 3_000, Grains = 40, SampledGrains = 40, DataDirectory = _directory };

        var result = await SchemaUpgradeBenchmark.RunAsync(options, ProgressLog.Silent, CancellationToken.None);

        Assert.True(result.Passed, string.Join(Environment.NewLine, result.Failures));
        Assert.Equal((fromVersion, 5, 3_000L, 40), (result.FromVersion, result.ToVersion, result.Records, result.Grains));
        Assert.True(result.FileBytes > 3_000L * options.PayloadBytes, $"{result.FileBytes} bytes");
        Assert.True(result.UpgradeSeconds > 0);
        Assert.Equal(Math.Round(3_000 / result.UpgradeSeconds, 0), result.RecordsPerSecond);

        // The upgraded file is this build's: its journal has the chain and no per-grain index, and holds every record
        // plus the one appended after the upgrade.
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_directory, "acquirer.db"), Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*), count(*) FILTER (WHERE grain_previous > 0) FROM journal;";
        using (var reader = command.ExecuteReader())
        {
            Assert.True(reader.Read());
            Assert.Equal(3_001L, reader.GetInt64(0));

            // Every record but each grain's first links to the one before it.
            Assert.Equal(3_001L - 40, reader.GetInt64(1));
        }

        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'journal_grain';";
        Assert.Equal(0L, (long)command.ExecuteScalar()!);
    }

    [Fact]
    public async Task A_run_in_a_directory_of_its_own_leaves_nothing_behind()
    {
        var before = Directory.GetDirectories(Path.GetTempPath(), "ae-schema-upgrade-*").Where(d => !d.Contains("-test-", StringComparison.Ordinal)).ToHashSet();

        var result = await SchemaUpgradeBenchmark.RunAsync(new SchemaUpgradeOptions { Records = 200, Grains = 10, SampledGrains = 3 }, ProgressLog.Silent, CancellationToken.None);

        Assert.True(result.Passed, string.Join(Environment.NewLine, result.Failures));
        var after = Directory.GetDirectories(Path.GetTempPath(), "ae-schema-upgrade-*").Where(d => !d.Contains("-test-", StringComparison.Ordinal));
        Assert.Empty(after.Except(before));
    }

    [Theory]
    [InlineData(2, 10, 5, "--from-version")]
    [InlineData(5, 10, 5, "--from-version")]
    [InlineData(3, 0, 1, "--records")]
    [InlineData(3, 10, 11, "--grains")]
    public void Unusable_sizes_are_named(int fromVersion, long records, int grains, string option)
    {
        var problem = new SchemaUpgradeOptions { FromVersion = fromVersion, Records = records, Grains = grains }.Problem;

        Assert.NotNull(problem);
        Assert.Contains(option, problem, StringComparison.Ordinal);
    }
}
