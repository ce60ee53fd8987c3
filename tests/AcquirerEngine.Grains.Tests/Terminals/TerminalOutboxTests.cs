using AcquirerEngine.Domain.Ledger;
using AcquirerEngine.Domain.Terminals;
using AcquirerEngine.Grains.Merchants;
using AcquirerEngine.Grains.Terminals;
using AcquirerEngine.Grains.Tests.Scenarios;
using AcquirerEngine.Runtime;
using static AcquirerEngine.Grains.Tests.Scenarios.ScenarioKit;

namespace AcquirerEngine.Grains.Tests.Terminals;

/// <summary>Terminal to merchant, reliably: the outbox in the terminal's own write, re-sent until acknowledged, deduped by the merchant.</summary>
public sealed class TerminalOutboxTests
{
    private const string MerchantId = "898340149000201";
    private const string TerminalId = "T0000201";

    [Fact]
    public async Task Merchant_write_failing_once_still_approves_the_sale_and_the_capture_arrives_later_exactly_once()
    {
        await using var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 11, 9, 9, 0, 0));
        var terminal = await OnboardAsync(host, Profile(MerchantId), TerminalId);
        host.Selective.FailNextWrites(MerchantGrain.GrainTypeName, 1);

        var sale = Sale(MerchantId, TerminalId, 1, 123_45, new DateTime(2026, 11, 9, 10, 0, 0));
        var transactionId = await SellAsync(host, terminal, sale);

        Assert.Equal(1, await terminal.GetPendingForwardCountAsync());
        Assert.Equal(0, (await host.Merchant(MerchantId).GetBalanceAsync())!.Balance.CapturedMinor);

        await host.AdvanceAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(0, await terminal.GetPendingForwardCountAsync());
        Assert.Equal(123_45, (await host.Merchant(MerchantId).GetBalanceAsync())!.Balance.CapturedMinor);

        await host.AdvanceToLocalAsync(new DateTime(2026, 11, 10, 12, 0, 0));
        Assert.Equal(NetCredit(123_45), Assert.Single(await StatementAsync(host, MerchantId)).AmountMinor);
        Assert.Equal(1, await CountJournalAsync(host, LedgerRecordIds.Capture(MerchantId, transactionId)));
        Assert.Empty(await host.Reminders.ReadAllAsync(CancellationToken.None) is var all
            ? all.Where(r => r.GrainId.Type == TerminalGrain.GrainTypeName)
            : []);
        await AssertConservedAsync(host, MerchantId);
    }

    [Fact]
    public async Task Unavailable_merchant_across_a_restart_gets_sale_and_void_later_in_order()
    {
        var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 11, 9, 9, 0, 0));
        var terminal = await OnboardAsync(host, Profile(MerchantId), TerminalId);
        host.Selective.FailNextWrites(MerchantGrain.GrainTypeName, 1_000);

        var sale = Sale(MerchantId, TerminalId, 1, 500_00, new DateTime(2026, 11, 9, 10, 0, 0));
        var transactionId = await SellAsync(host, terminal, sale);
        var voided = await terminal.VoidAsync(new VoidCommand(Key(sale), 2, 500_00, new DateTime(2026, 11, 9, 10, 1, 0)));
        Assert.Equal(VoidResult.Voided, voided.Result);
        Assert.Equal(2, await terminal.GetPendingForwardCountAsync());

        host = await host.RestartAsync();
        try
        {
            host.Selective.FailNextWrites(MerchantGrain.GrainTypeName, 0);
            await host.AdvanceAsync(TimeSpan.FromMinutes(2));

            Assert.Equal(0, await host.Terminal(TerminalId).GetPendingForwardCountAsync());
            var explanation = (await host.Merchant(MerchantId).ExplainTransactionAsync(transactionId))!;
            Assert.Equal(AcquirerEngine.Domain.Explanations.MoneyState.Voided, explanation.State);
            await host.AdvanceToLocalAsync(new DateTime(2026, 11, 10, 12, 0, 0));
            Assert.Empty(await StatementAsync(host, MerchantId));
            await AssertConservedAsync(host, MerchantId);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Sale_before_the_merchant_is_onboarded_waits_in_the_outbox_until_it_is()
    {
        await using var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 11, 9, 9, 0, 0));
        var terminal = host.Terminal(TerminalId);
        await terminal.RegisterAsync(new RegisterTerminalCommand(MerchantId, TerminalId));
        await terminal.SignOnAsync(new SignOnCommand(MerchantId, TerminalId));
        await SellAsync(host, terminal, Sale(MerchantId, TerminalId, 1, 100_00, new DateTime(2026, 11, 9, 10, 0, 0)));
        await host.AdvanceAsync(TimeSpan.FromMinutes(5));
        Assert.Equal(1, await terminal.GetPendingForwardCountAsync());

        await host.Merchant(MerchantId).OnboardAsync(Profile(MerchantId));
        await host.AdvanceAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(0, await terminal.GetPendingForwardCountAsync());
        Assert.Equal(100_00, (await host.Merchant(MerchantId).GetBalanceAsync())!.Balance.CapturedMinor);
    }

    [Fact]
    public async Task Refund_after_payout_is_carried_into_the_next_payout()
    {
        await using var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 11, 9, 9, 0, 0));
        var terminal = await OnboardAsync(host, Profile(MerchantId), TerminalId);
        var sale = Sale(MerchantId, TerminalId, 1, 1_000_00, new DateTime(2026, 11, 9, 10, 0, 0));
        await SellAsync(host, terminal, sale);
        await host.AdvanceToLocalAsync(new DateTime(2026, 11, 10, 9, 0, 0));
        Assert.Single(await StatementAsync(host, MerchantId));

        var batch = await terminal.SettleBatchAsync(
            new SettleBatchCommand(MerchantId, TerminalId, 1, new BatchSettlementTotals(1, 1_000_00, 0, 0), new DateTime(2026, 11, 10, 9, 0, 0)));
        Assert.Equal(SettleBatchResult.Balanced, batch.Result);
        await terminal.SignOnAsync(new SignOnCommand(MerchantId, TerminalId));
        var refund = await terminal.RefundAsync(new RefundCommand(Key(sale), 2, 5, 400_00, new DateTime(2026, 11, 10, 10, 0, 0)));
        Assert.Equal(RefundResult.Refunded, refund.Result);
        await SellAsync(host, terminal, Sale(MerchantId, TerminalId, 6, 1_000_00, new DateTime(2026, 11, 10, 11, 0, 0)) with { BatchNo = 2 });

        await host.AdvanceToLocalAsync(new DateTime(2026, 11, 11, 12, 0, 0));
        var lines = await StatementAsync(host, MerchantId);
        Assert.Equal(2, lines.Count);
        Assert.Equal(NetCredit(1_000_00) - 400_00, lines[1].AmountMinor);
        await AssertConservedAsync(host, MerchantId);
    }

    private static async Task<int> CountJournalAsync(GrainTestHost host, string recordId)
    {
        var count = 0;
        await foreach (var record in host.Storage.ReadGrainJournalAsync(new GrainId(MerchantGrain.GrainTypeName, MerchantId), CancellationToken.None))
        {
            count += record.RecordId == recordId ? 1 : 0;
        }

        return count;
    }
}
