using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Domain.Explanations;
using AcquirerEngine.Domain.Settlement;
using static AcquirerEngine.Grains.Tests.Scenarios.ScenarioKit;

namespace AcquirerEngine.Grains.Tests.Scenarios;

/// <summary>Scenarios 1-4: value dates across holidays, end to end from the terminal to the simulated bank's statement.</summary>
public sealed class HolidaySettlementScenarioTests
{
    [Theory]
    [InlineData(22, 30, "2026-09-30")]
    [InlineData(23, 30, "2026-10-01")]
    public async Task Scenario1_sale_on_2026_09_30_T1_is_credited_on_2026_10_08(int hour, int minute, string clearingDate)
    {
        await using var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 9, 30, 9, 0, 0));
        const string merchantId = "898340149000001";
        var terminal = await OnboardAsync(host, Profile(merchantId), "T0000001");
        var sale = Sale(merchantId, "T0000001", 1, 1_000_00, new DateTime(2026, 9, 30, hour, minute, 0));
        var transactionId = await SellAsync(host, terminal, sale);

        var pending = (await host.Merchant(merchantId).ExplainTransactionAsync(transactionId))!;
        Assert.Equal(MoneyState.PendingClearing, pending.State);
        Assert.Equal(DateOnly.Parse(clearingDate), pending.ClearingDate);
        Assert.Equal(new DateOnly(2026, 10, 8), pending.ExpectedArrivalDate);

        await host.AdvanceToLocalAsync(new DateTime(2026, 10, 7, 23, 59, 0));
        Assert.Empty(await StatementAsync(host, merchantId));

        await host.AdvanceToLocalAsync(new DateTime(2026, 10, 8, 12, 0, 0));
        var line = Assert.Single(await StatementAsync(host, merchantId));
        Assert.Equal(NetCredit(1_000_00), line.AmountMinor);
        Assert.Equal(new DateOnly(2026, 10, 8), LocalDate(host, line.CreditedAtUtc));
        var paid = (await host.Merchant(merchantId).ExplainTransactionAsync(transactionId))!;
        Assert.Equal(MoneyState.Paid, paid.State);
        Assert.Equal(new DateOnly(2026, 10, 8), paid.ExpectedArrivalDate);
        Assert.Equal(line.TraceId, paid.PayoutTraceId);
        await AssertConservedAsync(host, merchantId);
    }

    [Fact]
    public async Task Scenario2_sale_on_2025_09_30_at_23_30_T1_is_credited_on_2025_10_09()
    {
        await using var host = await GrainTestHost.StartAtAsync(new DateTime(2025, 9, 30, 9, 0, 0));
        const string merchantId = "898340149000002";
        var terminal = await OnboardAsync(host, Profile(merchantId), "T0000002");
        await SellAsync(host, terminal, Sale(merchantId, "T0000002", 1, 2_500_00, new DateTime(2025, 9, 30, 23, 30, 0)));

        await host.AdvanceToLocalAsync(new DateTime(2025, 10, 8, 23, 0, 0));
        Assert.Empty(await StatementAsync(host, merchantId));
        await host.AdvanceToLocalAsync(new DateTime(2025, 10, 9, 12, 0, 0));

        var line = Assert.Single(await StatementAsync(host, merchantId));
        Assert.Equal(new DateOnly(2025, 10, 9), LocalDate(host, line.CreditedAtUtc));
        Assert.Equal(NetCredit(2_500_00), line.AmountMinor);
        await AssertConservedAsync(host, merchantId);
    }

    [Fact]
    public async Task Scenario3_spring_festival_2026_pays_on_the_make_up_day_and_after_the_holiday()
    {
        await using var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 2, 13, 9, 0, 0));
        const string merchantId = "898340149000003";
        var terminal = await OnboardAsync(host, Profile(merchantId), "T0000003");
        await SellAsync(host, terminal, Sale(merchantId, "T0000003", 1, 300_00, new DateTime(2026, 2, 13, 10, 0, 0)));

        await host.AdvanceToLocalAsync(new DateTime(2026, 2, 14, 12, 0, 0));
        var first = Assert.Single(await StatementAsync(host, merchantId));
        Assert.Equal(new DateOnly(2026, 2, 14), LocalDate(host, first.CreditedAtUtc));
        Assert.Equal(NetCredit(300_00), first.AmountMinor);

        await SellAsync(host, terminal, Sale(merchantId, "T0000003", 2, 400_00, new DateTime(2026, 2, 15, 10, 0, 0)));
        await SellAsync(host, terminal, Sale(merchantId, "T0000003", 3, 500_00, new DateTime(2026, 2, 23, 22, 0, 0)));
        await host.AdvanceToLocalAsync(new DateTime(2026, 2, 23, 23, 59, 0));
        Assert.Single(await StatementAsync(host, merchantId));

        await host.AdvanceToLocalAsync(new DateTime(2026, 2, 24, 12, 0, 0));
        var lines = await StatementAsync(host, merchantId);
        Assert.Equal(2, lines.Count);
        Assert.Equal(new DateOnly(2026, 2, 24), LocalDate(host, lines[1].CreditedAtUtc));
        Assert.Equal(NetCredit(400_00) + NetCredit(500_00), lines[1].AmountMinor);
        await AssertConservedAsync(host, merchantId);
    }

    [Fact]
    public async Task Scenario4_D1_sale_on_holiday_2026_10_02_is_paid_on_10_03_by_a_7x24_rail_not_HVPS()
    {
        await using var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 10, 2, 9, 0, 0));
        const string merchantId = "898340149000004";
        var terminal = await OnboardAsync(host, Profile(merchantId, SettlementCycle.D1), "T0000004");
        await SellAsync(host, terminal, Sale(merchantId, "T0000004", 1, 1_200_00, new DateTime(2026, 10, 2, 15, 0, 0)));

        await host.AdvanceToLocalAsync(new DateTime(2026, 10, 3, 12, 0, 0));

        var line = Assert.Single(await StatementAsync(host, merchantId));
        Assert.Equal(new DateOnly(2026, 10, 3), LocalDate(host, line.CreditedAtUtc));
        Assert.Contains(line.Channel, new[] { ChannelKind.Beps, ChannelKind.Ibps });
        await AssertConservedAsync(host, merchantId);
    }
}
