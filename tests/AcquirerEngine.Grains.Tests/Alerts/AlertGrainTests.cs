using AcquirerEngine.Grains.Alerts;
using AcquirerEngine.Grains.Tests.Channels;
using AcquirerEngine.Runtime;

namespace AcquirerEngine.Grains.Tests.Alerts;

public sealed class AlertGrainTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 10, 0, 0);

    private static AlertRecord Alert(string id) => new(AlertKinds.PayoutQueueSla, null, "HVPS payout queue", $"alert {id}", Now, id);

    // null: full states through the scripted store; 2: appends with a snapshot every second write; 1000: appends only.
    [Theory]
    [InlineData(null)]
    [InlineData(2)]
    [InlineData(1000)]
    public async Task History_AtCapacity_DropsTheOldest_AndIgnoresRepeatedIdsEvenOnceDropped(int? journaledSnapshotEvery)
    {
        var settings = new RailTestSettings { Alerts = new AlertOptions { HistoryCapacity = 3 }, JournaledSnapshotEvery = journaledSnapshotEvery };
        await using var host = await RailTestHost.StartAsync(Now, settings);
        foreach (var id in new[] { "a1", "a2", "a3" })
        {
            Assert.Equal(RaiseAlertOutcome.Raised, await host.Alerts.RaiseAsync(Alert(id)));
        }

        Assert.Equal(["a1", "a2", "a3"], (await host.Alerts.ListAsync()).Select(a => a.Id));
        Assert.Equal(RaiseAlertOutcome.Raised, await host.Alerts.RaiseAsync(Alert("a4")));
        Assert.Equal(["a2", "a3", "a4"], (await host.Alerts.ListAsync()).Select(a => a.Id));

        Assert.Equal(RaiseAlertOutcome.Duplicate, await host.Alerts.RaiseAsync(Alert("a4")));
        Assert.Equal(RaiseAlertOutcome.Duplicate, await host.Alerts.RaiseAsync(Alert("a1")));
        Assert.Equal(RaiseAlertOutcome.Invalid, await host.Alerts.RaiseAsync(Alert("")));
        Assert.Equal(["a2", "a3", "a4"], (await host.Alerts.ListAsync()).Select(a => a.Id));

        await using var restarted = await host.RestartAsync();
        Assert.Equal(["a2", "a3", "a4"], (await restarted.Alerts.ListAsync()).Select(a => a.Id));
    }

    [Fact]
    public async Task A_raise_appends_its_alert_and_the_history_replayed_from_the_records_is_the_live_one()
    {
        var settings = new RailTestSettings { Alerts = new AlertOptions { HistoryCapacity = 3 }, JournaledSnapshotEvery = 1000 };
        await using var host = await RailTestHost.StartAsync(Now, settings);
        var grainId = new GrainId(AlertGrain.GrainTypeName, AlertGrain.EngineKey);
        foreach (var id in new[] { "a1", "a2", "a3", "a4", "a5" })
        {
            Assert.Equal(RaiseAlertOutcome.Raised, await host.Alerts.RaiseAsync(Alert(id)));
        }

        // The first write is a snapshot (holding a1); every later raise is one appended record, not the history again.
        var stored = await host.Storage.ReadStateWithTailAsync(grainId, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(5, stored.Version);
        Assert.Equal(1, stored.SnapshotVersion);
        Assert.Equal(["alert:a2", "alert:a3", "alert:a4", "alert:a5"], stored.Tail.Select(r => r.RecordId));
        Assert.All(stored.Tail, r => Assert.Equal(AlertGrain.RaisedKind, r.Kind));

        // Activated again: the snapshot and the replayed records, trimmed to the capacity as the live grain was.
        await using var restarted = await host.RestartAsync();
        Assert.Equal(["a3", "a4", "a5"], (await restarted.Alerts.ListAsync()).Select(a => a.Id));
        Assert.Equal(Alert("a5"), (await restarted.Alerts.ListAsync())[^1]);
        Assert.Equal(RaiseAlertOutcome.Duplicate, await restarted.Alerts.RaiseAsync(Alert("a2")));
    }
}
