using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Domain.Settlement;
using static AcquirerEngine.Grains.Tests.Scenarios.ScenarioKit;

namespace AcquirerEngine.Grains.Tests.Scenarios;

/// <summary>R4 with maintenance: the preferred rail is closed, an open rail within its cap takes the payout.</summary>
public sealed class MaintenanceRoutingScenarioTests
{
    [Fact]
    public async Task Payout_due_while_IBPS_is_in_maintenance_goes_by_BEPS_inside_the_window_not_after_it()
    {
        await using var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 11, 16, 9, 0, 0));
        const string merchantId = "898340149000041";
        var terminal = await OnboardAsync(host, Profile(merchantId, SettlementCycle.T1), "T0000041");
        await SellAsync(host, terminal, Sale(merchantId, "T0000041", 1, 2_000_00, new DateTime(2026, 11, 16, 15, 0, 0)));
        await host.Rail(ChannelKind.Ibps).ScheduleMaintenanceAsync(new MaintenanceWindow
        {
            Id = "ibps-upgrade",
            Channel = ChannelKind.Ibps,
            Start = new DateTime(2026, 11, 17, 0, 0, 0),
            End = new DateTime(2026, 11, 17, 6, 0, 0),
            Reason = "IBPS upgrade",
        });

        await host.AdvanceToLocalAsync(new DateTime(2026, 11, 17, 3, 0, 0));

        var line = Assert.Single(await StatementAsync(host, merchantId));
        Assert.Equal(ChannelKind.Beps, line.Channel);
        Assert.True(host.Local.ToLocal(line.CreditedAtUtc) < new DateTime(2026, 11, 17, 6, 0, 0), "paid inside the IBPS window, by BEPS");
        await AssertConservedAsync(host, merchantId);
    }
}
