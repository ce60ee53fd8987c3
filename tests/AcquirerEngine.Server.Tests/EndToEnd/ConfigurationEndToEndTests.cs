using AcquirerEngine.Testing;

namespace AcquirerEngine.Server.Tests.EndToEnd;

/// <summary>A setting an operator got wrong stops the engine at start with exit code 2 and a message naming it.</summary>
public sealed class ConfigurationEndToEndTests
{
    [Theory]
    [InlineData("Settlement:CutOff", "25:99")]
    [InlineData("Settlement:RoutingPolicy", "Teleport")]
    [InlineData("Settlement:RoutingPolicy", "2")]
    [InlineData("Settlement:ReturnBackoffMaxWorkingDays", "-1")]
    [InlineData("Settlement:ReturnBackoffMaxWorkingDays", "61")]
    [InlineData("Settlement:RailMaxQueueDepth", "0")]
    [InlineData("Settlement:RailMaxQueueDepth", "10000001")]
    [InlineData("Clock:Mode", "sundial")]
    [InlineData("Storage:Provider", "floppy")]
    [InlineData("Storage:MaxWriteBatch", "0")]
    [InlineData("Storage:SnapshotEvery", "0")]
    [InlineData("Runtime:ReminderDeliveryConcurrency", "0")]
    [InlineData("Runtime:ReminderDeliveryConcurrency", "1024")]
    [InlineData("SimulatedBank:ReturnRate", "1.5")]
    [InlineData("Metrics:Listen", "localhost-ish")]
    [InlineData("Metrics:Listen", "127.0.0.1:70000")]
    public async Task A_bad_setting_stops_the_engine_with_exit_code_2_naming_it(string setting, string value)
    {
        using var data = new TemporaryDirectory();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            EngineProcess.StartAsync(data.Path, new Dictionary<string, string> { [setting] = value }));

        Assert.Contains("exited with 2", error.Message, StringComparison.Ordinal);
        Assert.Contains(setting.Split(':')[0], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_settlement_runs_in_flight_than_a_mailbox_holds_stops_the_engine_naming_both_settings()
    {
        using var data = new TemporaryDirectory();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => EngineProcess.StartAsync(
            data.Path,
            new Dictionary<string, string> { ["Runtime:MailboxCapacity"] = "300", ["Runtime:ReminderDeliveryConcurrency"] = "300" }));

        Assert.Contains("exited with 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("Runtime:ReminderDeliveryConcurrency (300)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Runtime:MailboxCapacity (300)", error.Message, StringComparison.Ordinal);
    }
}
