using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Domain.Explanations;
using AcquirerEngine.Domain.Merchants;
using AcquirerEngine.Grains.Alerts;
using AcquirerEngine.Grains.Merchants;
using AcquirerEngine.Grains.Payouts;
using static AcquirerEngine.Grains.Tests.Scenarios.ScenarioKit;

namespace AcquirerEngine.Grains.Tests.Merchants;

public sealed class MerchantGrainTests
{
    [Fact]
    public async Task Onboarding_is_idempotent_and_survives_a_restart()
    {
        var host = await GrainTestHost.StartAsync();
        var merchant = host.Grains.GetGrain<IMerchantGrain>("M100");

        Assert.Null(await merchant.GetAsync());
        Assert.False(await merchant.AddTerminalAsync("T1"));
        Assert.Equal(OnboardOutcome.Created, await merchant.OnboardAsync("Noodle House"));
        var writes = host.Storage.WriteCount;
        Assert.Equal(OnboardOutcome.AlreadyOnboarded, await merchant.OnboardAsync("Noodle House"));
        Assert.Equal(writes, host.Storage.WriteCount);
        Assert.True(await merchant.AddTerminalAsync("T1"));
        Assert.True(await merchant.AddTerminalAsync("T1"));
        Assert.Equal(OnboardOutcome.Updated, await merchant.OnboardAsync("Noodle House No. 2"));

        await using var restarted = await host.RestartAsync();
        var snapshot = await restarted.Grains.GetGrain<IMerchantGrain>("M100").GetAsync();

        Assert.Equal(new[] { "T1" }, snapshot!.TerminalIds);
        Assert.Equal("Noodle House No. 2", snapshot.Name);
    }

    [Fact]
    public async Task A_capture_sent_again_after_a_restart_is_a_duplicate_the_merchant_refuses_itself()
    {
        // The store leaves a capture's id to the merchant (DedupedByGrain): the refusal must come from the ledger
        // the restarted merchant rebuilt, and nothing may be written for it.
        var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 11, 10, 10, 0, 0));
        const string merchantId = "898340149000021";
        var terminal = await OnboardAsync(host, Profile(merchantId), "T0000021");
        var command = Sale(merchantId, "T0000021", 1, 300_00, new DateTime(2026, 11, 10, 10, 5, 0));
        var transactionId = await SellAsync(host, terminal, command);
        var sale = new Domain.Terminals.SaleApproved(
            merchantId, "T0000021", command.BatchNo, command.Stan, DateOnly.FromDateTime(command.LocalTime), command.LocalTime, command.AmountMinor, "CNY",
            command.CardType, command.CardToken, "000000000001", "000001");
        Assert.Equal(transactionId, sale.RecordId);

        await using var restarted = await host.RestartAsync();
        var writes = restarted.Storage.WriteCount;
        Assert.Equal(TerminalFactResult.Duplicate, await restarted.Merchant(merchantId).CaptureSaleAsync(sale));
        Assert.Equal(TerminalFactResult.Rejected, await restarted.Merchant(merchantId).CaptureSaleAsync(sale with { AmountMinor = 1 }));

        Assert.Equal(writes, restarted.Storage.WriteCount);
        var captures = new List<Runtime.Storage.StoredJournalRecord>();
        await foreach (var record in restarted.Storage.ReadAllAsync(0, 10_000, CancellationToken.None))
        {
            if (record.RecordId == Domain.Ledger.LedgerRecordIds.Capture(merchantId, transactionId))
            {
                captures.Add(record);
            }
        }

        Assert.Single(captures);
        await AssertConservedAsync(restarted, merchantId);
    }

    [Fact]
    public async Task Scenario8_same_card_three_times_in_ten_minutes_at_night_is_held_and_alerted()
    {
        await using var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 11, 9, 2, 50, 0));
        const string merchantId = "898340149000008";
        var merchant = host.Merchant(merchantId);
        var terminal = await OnboardAsync(host, Profile(merchantId), "T0000008");
        string? last = null;
        for (uint stan = 1; stan <= 3; stan++)
        {
            var sale = Sale(merchantId, "T0000008", stan, 200_00, new DateTime(2026, 11, 9, 3, 0, (int)stan)) with { CardToken = "tok_same_card" };
            last = await SellAsync(host, terminal, sale);
        }

        Assert.Equal(MoneyState.HeldForReview, (await merchant.ExplainTransactionAsync(last!))!.State);
        Assert.Contains(await host.Alerts.ListAsync(), a => a.Kind == AlertKinds.AbnormalFlow && a.MerchantId == merchantId);
        await AssertConservedAsync(host, merchantId);
    }

    [Fact]
    public async Task Each_merchant_holds_its_first_sale_against_its_own_threshold()
    {
        // The same first sale of 800 CNY: above one merchant's threshold, below the other's. Each keeps its own
        // policy across its captures, so neither takes the other's threshold, and later sales are not first sales.
        await using var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 11, 10, 10, 0, 0));
        const string strict = "898340149000031";
        const string lenient = "898340149000032";
        var strictTerminal = await OnboardAsync(host, Profile(strict, firstSaleHoldAbove: 500_00), "T0000031");
        var lenientTerminal = await OnboardAsync(host, Profile(lenient, firstSaleHoldAbove: 1_000_00), "T0000032");

        var strictFirst = await SellAsync(host, strictTerminal, Sale(strict, "T0000031", 1, 800_00, new DateTime(2026, 11, 10, 10, 1, 0)));
        var lenientFirst = await SellAsync(host, lenientTerminal, Sale(lenient, "T0000032", 1, 800_00, new DateTime(2026, 11, 10, 10, 2, 0)));
        var strictSecond = await SellAsync(host, strictTerminal, Sale(strict, "T0000031", 2, 800_00, new DateTime(2026, 11, 10, 10, 3, 0)));

        Assert.Equal(MoneyState.HeldForReview, (await host.Merchant(strict).ExplainTransactionAsync(strictFirst))!.State);
        Assert.NotEqual(MoneyState.HeldForReview, (await host.Merchant(lenient).ExplainTransactionAsync(lenientFirst))!.State);
        Assert.NotEqual(MoneyState.HeldForReview, (await host.Merchant(strict).ExplainTransactionAsync(strictSecond))!.State);
        await AssertConservedAsync(host, strict);
        await AssertConservedAsync(host, lenient);
    }

    [Fact]
    public async Task Payout_notices_are_idempotent_and_unknown_payouts_change_nothing()
    {
        await using var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 11, 9, 9, 0, 0));
        const string merchantId = "898340149000012";
        var merchant = host.Merchant(merchantId);
        var terminal = await OnboardAsync(host, Profile(merchantId), "T0000012");
        await SellAsync(host, terminal, Sale(merchantId, "T0000012", 1, 100_00, new DateTime(2026, 11, 9, 10, 0, 0)));
        await host.AdvanceToLocalAsync(new DateTime(2026, 11, 10, 12, 0, 0));
        var payout = Assert.Single(await merchant.ListPayoutsAsync());
        var line = Assert.Single(await StatementAsync(host, merchantId));

        var writes = host.Storage.WriteCount;
        var credited = new PayoutNotice(payout.Payout.PayoutId, merchantId, line.Channel, PayoutOutcome.Credited, line.TraceId, "again", new DateTime(2026, 11, 10, 12, 0, 0));
        await merchant.NotifyPayoutAsync(credited);
        await merchant.NotifyPayoutAsync(credited with { Outcome = PayoutOutcome.Sent });
        await merchant.NotifyPayoutAsync(credited with { PayoutId = "payout:unknown" });

        Assert.Equal(writes, host.Storage.WriteCount);
        Assert.Equal(MoneyState.Paid, payout.Explanation.State);
        Assert.Equal(line.TraceId, payout.Explanation.PayoutTraceId);
        await AssertConservedAsync(host, merchantId);
    }
}
