using AcquirerEngine.Grains.Alerts;
using AcquirerEngine.Grains.Tests.Channels;

namespace AcquirerEngine.Grains.Tests.Alerts;

public sealed class AlertGrainTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 10, 0, 0);

    private static AlertRecord Alert(string id) => new(AlertKinds.PayoutQueueSla, null, "HVPS payout queue", $"alert {id}", Now, id);

    [Fact]
    public async Task History_AtCapacity_DropsTheOldest_AndIgnoresRepeatedIdsEvenOnceDropped()
    {
        var settings = new RailTestSettings { Alerts = new AlertOptions { HistoryCapacity = 3 } };
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
}
