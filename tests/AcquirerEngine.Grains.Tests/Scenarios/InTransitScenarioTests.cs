using AcquirerEngine.Domain.Explanations;
using AcquirerEngine.Grains.Bank;
using static AcquirerEngine.Grains.Tests.Scenarios.ScenarioKit;

namespace AcquirerEngine.Grains.Tests.Scenarios;

/// <summary>With bank latency, "where is my money" answers in transit between the send and the credit, then paid.</summary>
public sealed class InTransitScenarioTests
{
    [Fact]
    public async Task Payout_is_InTransit_during_the_bank_latency_and_Paid_once_it_lands()
    {
        var latency = TimeSpan.FromMinutes(10);
        var settings = new GrainTestSettings { Bank = new SimulatedBankOptions { Latency = latency } };
        await using var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 11, 16, 9, 0, 0), settings);
        const string merchantId = "898340149000216";
        var merchant = host.Merchant(merchantId);
        var terminal = await OnboardAsync(host, Profile(merchantId), "T0000216");
        var transactionId = await SellAsync(host, terminal, Sale(merchantId, "T0000216", 1, 200_00, new DateTime(2026, 11, 16, 10, 5, 0)));

        // The 00:30 run instructs the payout and IBPS (7x24) sends it at once; the bank takes 10 minutes to land it.
        var run = new DateTime(2026, 11, 17, 0, 30, 0);
        await host.AdvanceToLocalAsync(run + latency - TimeSpan.FromMinutes(1));
        var inTransit = (await merchant.ExplainTransactionAsync(transactionId))!;
        Assert.Equal(MoneyState.InTransit, inTransit.State);

        Assert.NotNull(inTransit.PayoutId);
        Assert.Equal(MoneyState.InTransit, (await merchant.ExplainPayoutAsync(inTransit.PayoutId!))!.State);
        Assert.Empty(await StatementAsync(host, merchantId));

        await host.AdvanceToLocalAsync(run + latency + TimeSpan.FromMinutes(1));
        var line = Assert.Single(await StatementAsync(host, merchantId));
        var paid = (await merchant.ExplainTransactionAsync(transactionId))!;
        Assert.Equal(MoneyState.Paid, paid.State);
        Assert.Equal(line.TraceId, paid.PayoutTraceId);
        Assert.Equal(inTransit.PayoutId, paid.PayoutId);
        Assert.Equal(inTransit.PayoutTraceId ?? line.TraceId, line.TraceId);
        Assert.True(host.Local.ToLocal(line.CreditedAtUtc) >= run + latency);
        Assert.Equal(MoneyState.Paid, (await merchant.ExplainPayoutAsync(paid.PayoutId!))!.State);
        await AssertConservedAsync(host, merchantId);
    }
}
