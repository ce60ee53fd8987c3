using AcquirerEngine.Domain.Calendars;
using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Grains.Channels;

namespace AcquirerEngine.Grains.Tests.Channels;

public sealed class ChannelStatusMemoTests
{
    private static readonly ChannelConfig Beps = ChannelDefaults.All.Single(c => c.Kind == ChannelKind.Beps);
    private static readonly HolidayCalendar China = BuiltInCalendars.ChinaMainland;
    private static readonly DateTime Run = new(2026, 11, 18, 0, 30, 0);

    [Fact]
    public void The_same_inputs_give_the_status_already_built()
    {
        var memo = new ChannelStatusMemo();
        var windows = new List<MaintenanceWindow>();

        var first = memo.StatusAt(Beps, windows, China, Run);
        var second = memo.StatusAt(Beps, windows, China, Run);

        Assert.Same(first, second);
        Assert.Equal(ChannelSchedule.StateAt(Beps, windows, China, Run), first);
    }

    [Fact]
    public void A_window_added_to_or_replaced_in_the_same_list_is_seen_at_once()
    {
        var memo = new ChannelStatusMemo();
        var windows = new List<MaintenanceWindow>();
        Assert.True(memo.StatusAt(Beps, windows, China, Run).IsOpen);

        var outage = new MaintenanceWindow
        {
            Id = "w1", Channel = ChannelKind.Beps, Start = Run.AddHours(-1), End = Run.AddHours(2), Reason = "core upgrade",
        };
        windows.Add(outage);
        var inMaintenance = memo.StatusAt(Beps, windows, China, Run);
        Assert.Equal(ChannelState.InMaintenance, inMaintenance.State);
        Assert.Equal(ChannelSchedule.StateAt(Beps, windows, China, Run), inMaintenance);

        windows[0] = outage with { Reason = "core upgrade, extended", End = Run.AddHours(3) };
        var extended = memo.StatusAt(Beps, windows, China, Run);
        Assert.Contains("extended", extended.Reason, StringComparison.Ordinal);
        Assert.Equal(ChannelSchedule.StateAt(Beps, windows, China, Run), extended);
    }

    [Fact]
    public void Another_instant_another_list_or_another_configuration_is_computed_again()
    {
        var memo = new ChannelStatusMemo();
        var windows = new List<MaintenanceWindow>();
        var atRun = memo.StatusAt(Beps, windows, China, Run);

        var later = memo.StatusAt(Beps, windows, China, Run.AddMinutes(1));
        Assert.NotSame(atRun, later);

        var otherList = memo.StatusAt(Beps, [], China, Run.AddMinutes(1));
        Assert.NotSame(later, otherList);
        Assert.Equal(later, otherList);

        var hvps = ChannelDefaults.All.Single(c => c.Kind == ChannelKind.Hvps);
        var hvpsStatus = memo.StatusAt(hvps, [], China, Run.AddMinutes(1));
        Assert.Equal(ChannelKind.Hvps, hvpsStatus.Channel);
        Assert.Equal(ChannelSchedule.StateAt(hvps, [], China, Run.AddMinutes(1)), hvpsStatus);
    }
}
