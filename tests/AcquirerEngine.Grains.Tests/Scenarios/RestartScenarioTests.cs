using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Domain.Ledger;
using AcquirerEngine.Domain.Settlement;
using static AcquirerEngine.Grains.Tests.Scenarios.ScenarioKit;

namespace AcquirerEngine.Grains.Tests.Scenarios;

/// <summary>A restart (with downtime) in the middle of the National Day backlog loses nothing and pays nothing twice.</summary>
public sealed class RestartScenarioTests
{
    [Fact]
    public async Task Restart_with_downtime_in_the_middle_of_a_holiday_backlog_loses_nothing_and_pays_nothing_twice()
    {
        var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 9, 30, 9, 0, 0));
        var merchants = new[] { "898340149000101", "898340149000102", "898340149000103" };
        var expected = new Dictionary<string, long>();
        var terminals = new List<AcquirerEngine.Grains.Terminals.ITerminalGrain>();
        for (var i = 0; i < merchants.Length; i++)
        {
            var id = merchants[i];
            var terminal = await OnboardAsync(host, Profile(id, firstSaleHoldAbove: 1_000_000_00), $"T01{i:00000}");
            terminals.Add(terminal);
            var amount = i == 2 ? 80_000_00L : 1_000_00L * (i + 1);
            await SellAsync(host, terminal, Sale(id, $"T01{i:00000}", 1, amount, new DateTime(2026, 9, 30, 12, 0, i)));
            expected[id] = NetCredit(amount) + NetCredit(500_00);
        }

        for (var i = 0; i < merchants.Length; i++)
        {
            await SellAsync(host, terminals[i], Sale(merchants[i], $"T01{i:00000}", 2, 500_00, new DateTime(2026, 10, 2, 12, 0, i)));
        }

        const string d1 = "898340149000104";
        var d1Terminal = await OnboardAsync(host, Profile(d1, SettlementCycle.D1, firstSaleHoldAbove: 1_000_000_00), "T0100004");
        await SellAsync(host, d1Terminal, Sale(d1, "T0100004", 1, 80_000_00, new DateTime(2026, 10, 2, 15, 0, 0)));
        expected[d1] = NetCredit(80_000_00);

        // 10-03: the D+1 payout is queued at the closed HVPS; then the process stops for two days.
        await host.AdvanceToLocalAsync(new DateTime(2026, 10, 5, 12, 0, 0));
        Assert.Equal(1, (await host.Rail(ChannelKind.Hvps).GetStatusAsync()).QueueDepth);
        host = await host.RestartAsync(TimeSpan.FromDays(2));
        await host.AdvanceAsync(TimeSpan.FromSeconds(1));

        // Another restart right after the 10-08 run, while payouts are moving.
        await host.AdvanceToLocalAsync(new DateTime(2026, 10, 8, 0, 30, 0));
        host = await host.RestartAsync();
        await host.AdvanceToLocalAsync(new DateTime(2026, 10, 9, 12, 0, 0));

        try
        {
            var all = await host.Bank.GetAllCreditsAsync();
            Assert.Equal(4, all.Count);
            Assert.Equal(all.Count, all.Select(l => l.PayoutId).Distinct().Count());
            foreach (var (id, net) in expected)
            {
                var line = Assert.Single(await StatementAsync(host, id));
                Assert.Equal(net, line.AmountMinor);
                // HVPS takes business for 10-08 from 20:30 on 10-07: the queued D+1 payout goes in that session.
                Assert.Equal(id == d1 ? new DateOnly(2026, 10, 7) : new DateOnly(2026, 10, 8), LocalDate(host, line.CreditedAtUtc));
                var payout = Assert.Single(await host.Merchant(id).ListPayoutsAsync());
                Assert.Equal(PayoutStatus.Credited, payout.Payout.Status);
                await AssertConservedAsync(host, id);
            }

            Assert.Equal(ChannelKind.Hvps, (await StatementAsync(host, d1))[0].Channel);
            Assert.Equal(ChannelKind.Hvps, (await StatementAsync(host, merchants[2]))[0].Channel);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}
