using AcquirerEngine.Domain.Ledger;
using AcquirerEngine.Domain.Merchants;
using AcquirerEngine.Grains.Channels;
using AcquirerEngine.Grains.Merchants;
using AcquirerEngine.Runtime;
using static AcquirerEngine.Grains.Tests.Scenarios.ScenarioKit;

namespace AcquirerEngine.Grains.Tests.Settlement;

public sealed class SettlementReminderTests
{
    private const string MerchantId = "898340149000301";

    [Fact]
    public async Task Onboarding_registers_one_daily_reminder_at_the_next_00_30_and_repeating_it_keeps_the_schedule()
    {
        await using var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 11, 9, 9, 0, 0));
        var merchant = host.Merchant(MerchantId);
        Assert.Equal(OnboardOutcome.Created, await merchant.OnboardAsync(Profile(MerchantId)));
        var writes = host.Storage.WriteCount;

        await host.AdvanceToLocalAsync(new DateTime(2026, 11, 9, 18, 0, 0));
        Assert.Equal(OnboardOutcome.AlreadyOnboarded, await merchant.OnboardAsync(Profile(MerchantId)));
        Assert.Equal(writes, host.Storage.WriteCount);

        var entry = Assert.Single(await ReminderEntriesAsync(host));
        Assert.Equal(MerchantGrain.SettlementReminderName, entry.Name);
        Assert.Equal(TimeSpan.FromDays(1), entry.Period);
        Assert.Equal(new DateTime(2026, 11, 10, 0, 30, 0), host.Local.ToLocal(entry.NextDue));

        Assert.Equal(OnboardOutcome.Updated, await merchant.OnboardAsync(Profile(MerchantId) with { Name = "Renamed" }));
        Assert.Equal(new DateTime(2026, 11, 10, 0, 30, 0), host.Local.ToLocal(Assert.Single(await ReminderEntriesAsync(host)).NextDue));
    }

    [Fact]
    public async Task A_rail_failing_at_the_run_leaves_the_payout_instructed_and_the_next_tick_hands_it_over_once()
    {
        await using var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 11, 9, 9, 0, 0));
        var terminal = await OnboardAsync(host, Profile(MerchantId), "T0000301");
        await SellAsync(host, terminal, Sale(MerchantId, "T0000301", 1, 1_000_00, new DateTime(2026, 11, 9, 10, 0, 0)));
        await host.AdvanceToLocalAsync(new DateTime(2026, 11, 10, 0, 29, 0));

        host.Selective.FailNextWrites(BankChannelGrain.GrainTypeName, 1);
        await host.AdvanceToLocalAsync(new DateTime(2026, 11, 10, 12, 0, 0));
        Assert.Empty(await StatementAsync(host, MerchantId));
        var instructed = Assert.Single(await host.Merchant(MerchantId).ListPayoutsAsync());
        Assert.Equal(PayoutStatus.Instructed, instructed.Payout.Status);

        await host.AdvanceToLocalAsync(new DateTime(2026, 11, 12, 12, 0, 0));
        var line = Assert.Single(await StatementAsync(host, MerchantId));
        Assert.Equal(instructed.Payout.PayoutId, line.PayoutId);
        Assert.Equal(new DateOnly(2026, 11, 11), LocalDate(host, line.CreditedAtUtc));
        Assert.Single(await host.Merchant(MerchantId).ListPayoutsAsync());
        await AssertConservedAsync(host, MerchantId);
    }

    [Fact]
    public async Task Frozen_merchant_is_not_paid_until_unfrozen_and_the_explanation_says_so()
    {
        await using var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 11, 9, 9, 0, 0));
        var merchant = host.Merchant(MerchantId);
        var terminal = await OnboardAsync(host, Profile(MerchantId), "T0000301");
        var transactionId = await SellAsync(host, terminal, Sale(MerchantId, "T0000301", 1, 1_000_00, new DateTime(2026, 11, 9, 10, 0, 0)));
        Assert.Equal(FreezeResult.Frozen, await merchant.FreezeAsync("court order 42"));
        Assert.Equal(FreezeResult.AlreadyFrozen, await merchant.FreezeAsync("court order 42"));

        await host.AdvanceToLocalAsync(new DateTime(2026, 11, 11, 12, 0, 0));
        Assert.Empty(await StatementAsync(host, MerchantId));
        var explanation = (await merchant.ExplainTransactionAsync(transactionId))!;
        Assert.Contains("court order 42", explanation.Reason, StringComparison.Ordinal);
        Assert.Null(explanation.ExpectedArrivalDate);
        Assert.True((await merchant.GetBalanceAsync())!.Frozen);

        Assert.Equal(FreezeResult.Unfrozen, await merchant.UnfreezeAsync());
        await host.AdvanceToLocalAsync(new DateTime(2026, 11, 12, 12, 0, 0));
        Assert.Equal(NetCredit(1_000_00), Assert.Single(await StatementAsync(host, MerchantId)).AmountMinor);
        await AssertConservedAsync(host, MerchantId);
    }

    private static async Task<List<Runtime.Storage.ReminderEntry>> ReminderEntriesAsync(GrainTestHost host) =>
        [.. (await host.Reminders.ReadAllAsync(CancellationToken.None)).Where(r => r.GrainId == new GrainId(MerchantGrain.GrainTypeName, MerchantId))];
}
