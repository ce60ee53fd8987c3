using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Domain.Explanations;
using AcquirerEngine.Grains.Merchants;
using static AcquirerEngine.Grains.Tests.Scenarios.ScenarioKit;

namespace AcquirerEngine.Grains.Tests.Scenarios;

/// <summary>R4: HVPS accepts business for working day T from 20:30 of the previous calendar day.</summary>
public sealed class HvpsNightSessionScenarioTests
{
    [Fact]
    public async Task R4_Payout_sent_by_hvps_at_2030_is_credited_by_the_bank_for_the_next_working_day()
    {
        var settings = new GrainTestSettings { Settlement = MerchantSettlementOptions.Default with { SettlementRunTime = new TimeOnly(17, 20) } };
        await using var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 11, 16, 9, 0, 0), settings);
        const string merchantId = "898340149000231";
        var merchant = host.Merchant(merchantId);
        var terminal = await OnboardAsync(host, Profile(merchantId, firstSaleHoldAbove: 100_000_000), "T0000231");
        var transactionId = await SellAsync(host, terminal, Sale(merchantId, "T0000231", 1, 8_000_000, new DateTime(2026, 11, 16, 10, 0, 0)));

        // Tue 11-17 17:20: above the BEPS/IBPS caps after HVPS closed, so the payout waits for 20:30.
        await host.AdvanceToLocalAsync(new DateTime(2026, 11, 17, 17, 30, 0));
        var queued = (await merchant.ExplainTransactionAsync(transactionId))!;
        await host.AdvanceToLocalAsync(new DateTime(2026, 11, 17, 21, 0, 0));
        var line = Assert.Single(await StatementAsync(host, merchantId));
        var paid = (await merchant.ExplainTransactionAsync(transactionId))!;

        Assert.Equal((MoneyState.QueuedForClosedChannel, new DateOnly(2026, 11, 18)), (queued.State, queued.ExpectedArrivalDate));
        Assert.Equal(ChannelKind.Hvps, line.Channel);
        Assert.Equal(new DateTime(2026, 11, 17, 20, 30, 0), host.Local.ToLocal(line.CreditedAtUtc));
        Assert.Equal(new DateOnly(2026, 11, 18), line.ValueDate);
        Assert.Equal((MoneyState.Paid, new DateOnly(2026, 11, 18)), (paid.State, paid.ExpectedArrivalDate));
        Assert.Contains("value-dated 2026-11-18", paid.Reason, StringComparison.Ordinal);
        await AssertConservedAsync(host, merchantId);
    }
}
