using AcquirerEngine.Domain.Calendars;
using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Grains.Channels;

namespace AcquirerEngine.Grains.Tests.Channels;

public sealed class SharedChannelStatusesTests
{
    private static readonly ChannelConfig Beps = ChannelDefaults.All.Single(c => c.Kind == ChannelKind.Beps);
    private static readonly ChannelConfig Hvps = ChannelDefaults.All.Single(c => c.Kind == ChannelKind.Hvps);
    private static readonly HolidayCalendar China = BuiltInCalendars.ChinaMainland;
    private static readonly DateTime Run = new(2026, 11, 18, 0, 30, 0);
    private static readonly TimeSpan Horizon = ChannelSchedule.DefaultSearchHorizon;

    [Fact]
    public void Runs_at_one_instant_with_the_same_windows_share_each_rails_status()
    {
        var shared = new SharedChannelStatuses();
        IReadOnlyList<MaintenanceWindow> windows = [];

        var first = shared.StatusAt(Beps, windows, China, Run, Horizon);
        var second = shared.StatusAt(Beps, windows, China, Run, Horizon);
        var hvps = shared.StatusAt(Hvps, windows, China, Run, Horizon);
        var bepsAgain = shared.StatusAt(Beps, windows, China, Run, Horizon);

        Assert.Same(first, second);
        Assert.Same(first, bepsAgain);
        Assert.Equal(ChannelSchedule.StateAt(Beps, windows, China, Run, Horizon), first);
        Assert.Equal(ChannelSchedule.StateAt(Hvps, windows, China, Run, Horizon), hvps);
        Assert.Equal(2, shared.Built);
    }

    [Fact]
    public void Another_instant_horizon_or_windows_list_or_a_window_changed_in_the_list_is_built_again()
    {
        var shared = new SharedChannelStatuses();
        var windows = new List<MaintenanceWindow>();
        var open = shared.StatusAt(Beps, windows, China, Run, Horizon);

        Assert.NotSame(open, shared.StatusAt(Beps, windows, China, Run.AddSeconds(1), Horizon));
        Assert.NotSame(open, shared.StatusAt(Beps, windows, China, Run, TimeSpan.FromDays(1)));
        Assert.NotSame(open, shared.StatusAt(Beps, new List<MaintenanceWindow>(), China, Run, Horizon));

        // A list changed in place after its status was shared: the outage is seen.
        var again = shared.StatusAt(Beps, windows, China, Run, Horizon);
        windows.Add(new MaintenanceWindow
        {
            Id = "w1", Channel = ChannelKind.Beps, Start = Run.AddHours(-1), End = Run.AddHours(2), Reason = "core upgrade",
        });
        var inMaintenance = shared.StatusAt(Beps, windows, China, Run, Horizon);
        Assert.NotSame(again, inMaintenance);
        Assert.Equal(ChannelState.InMaintenance, inMaintenance.State);
        Assert.Equal(ChannelSchedule.StateAt(Beps, windows, China, Run, Horizon), inMaintenance);
    }
}
