using System.Diagnostics.Metrics;
using AcquirerEngine.Grains.Alerts;
using AcquirerEngine.Grains.Tests.Channels;

namespace AcquirerEngine.Grains.Tests.Alerts;

public sealed class AlertMetricsTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 10, 0, 0);

    [Fact]
    public async Task Each_alert_is_counted_once_by_kind_duplicates_and_invalid_ones_are_not()
    {
        // A kind of its own, so alerts raised by tests running in parallel are not counted here.
        var kind = "metrics-probe-" + Guid.NewGuid().ToString("N");
        long counted = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "AcquirerEngine.Grains" && instrument.Name == "acquirer.alerts.raised")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "kind" && Equals(tag.Value, kind))
                {
                    Interlocked.Add(ref counted, value);
                }
            }
        });
        listener.Start();
        await using var host = await RailTestHost.StartAsync(Now);

        await host.Alerts.RaiseAsync(new AlertRecord(kind, null, "probe", "first", Now, "probe-1"));
        await host.Alerts.RaiseAsync(new AlertRecord(kind, null, "probe", "first again", Now, "probe-1"));
        await host.Alerts.RaiseAsync(new AlertRecord(kind, null, "probe", "second", Now, "probe-2"));
        await host.Alerts.RaiseAsync(new AlertRecord(kind, null, "", "no subject", Now, "probe-3"));

        Assert.Equal(2, Interlocked.Read(ref counted));
    }
}
