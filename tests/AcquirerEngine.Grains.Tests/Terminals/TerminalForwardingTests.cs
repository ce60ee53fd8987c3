using AcquirerEngine.Domain.Explanations;
using AcquirerEngine.Domain.Ledger;
using AcquirerEngine.Domain.Terminals;
using AcquirerEngine.Grains.Merchants;
using AcquirerEngine.Grains.Terminals;
using AcquirerEngine.Runtime;
using static AcquirerEngine.Grains.Tests.Scenarios.ScenarioKit;

namespace AcquirerEngine.Grains.Tests.Terminals;

/// <summary>
/// The merchant is off the reply path: a money fact's reply follows the terminal's own durable write, the forward
/// runs after it without holding the terminal, and the merchant still gets every fact once and in order.
/// </summary>
public sealed class TerminalForwardingTests
{
    private const string MerchantId = "898340149000301";
    private const string TerminalId = "T0000301";

    // Only a guard against a hang if the reply wrongly waited for the held merchant; never a speed assertion.
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Replies_do_not_wait_for_a_held_merchant_and_the_facts_arrive_once_in_order_when_it_resumes()
    {
        await using var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 11, 9, 9, 0, 0));
        var terminal = await OnboardAsync(host, Profile(MerchantId), TerminalId);
        var first = Sale(MerchantId, TerminalId, 1, 300_00, new DateTime(2026, 11, 9, 9, 0, 0));
        var second = Sale(MerchantId, TerminalId, 2, 200_00, new DateTime(2026, 11, 9, 9, 0, 0));
        var gate = host.Selective.HoldWrites(MerchantGrain.GrainTypeName);

        var firstReply = terminal.SaleAsync(first);
        await gate.Reached.WaitAsync(HangGuard);
        Assert.Equal(SaleResult.Approved, (await firstReply.WaitAsync(HangGuard)).Result);

        // The terminal keeps serving while its first forward waits on the merchant.
        Assert.Equal(SaleResult.Approved, (await terminal.SaleAsync(second).WaitAsync(HangGuard)).Result);
        var voided = await terminal.VoidAsync(new VoidCommand(Key(first), 3, 300_00, new DateTime(2026, 11, 9, 9, 1, 0))).WaitAsync(HangGuard);
        Assert.Equal(VoidResult.Voided, voided.Result);
        Assert.Equal(3, await terminal.GetPendingForwardCountAsync());

        gate.Release();
        await host.QuiesceAsync();

        Assert.Equal(0, await terminal.GetPendingForwardCountAsync());
        var merchant = host.Merchant(MerchantId);

        // The void reached the merchant after its sale (before it, the merchant would have refused it).
        Assert.Equal(MoneyState.Voided, (await merchant.ExplainTransactionAsync(TransactionId(first)))!.State);
        Assert.Equal(MoneyState.PendingClearing, (await merchant.ExplainTransactionAsync(TransactionId(second)))!.State);
        var balance = (await merchant.GetBalanceAsync())!.Balance;
        Assert.Equal(500_00, balance.CapturedMinor);
        Assert.Equal(1, await CountMerchantJournalAsync(host, LedgerRecordIds.Capture(MerchantId, TransactionId(first))));
        Assert.Equal(1, await CountMerchantJournalAsync(host, LedgerRecordIds.Capture(MerchantId, TransactionId(second))));
        await AssertConservedAsync(host, MerchantId);
    }

    [Fact]
    public async Task With_the_merchant_on_the_reply_path_a_reply_means_the_ledger_has_the_sale()
    {
        var settings = new GrainTestSettings { Forwarding = TerminalForwardingOptions.Default with { MerchantOnReplyPath = true } };
        await using var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 11, 9, 9, 0, 0), settings);
        var terminal = await OnboardAsync(host, Profile(MerchantId), TerminalId);
        var sale = Sale(MerchantId, TerminalId, 1, 300_00, new DateTime(2026, 11, 9, 9, 0, 0));
        var gate = host.Selective.HoldWrites(MerchantGrain.GrainTypeName);

        var reply = terminal.SaleAsync(sale);
        await gate.Reached.WaitAsync(HangGuard);
        Assert.False(reply.IsCompleted, "the reply came before the merchant's write");

        gate.Release();
        Assert.Equal(SaleResult.Approved, (await reply.WaitAsync(HangGuard)).Result);

        // No wait for the forward: it was part of the turn.
        Assert.Equal(0, await terminal.GetPendingForwardCountAsync());
        Assert.Equal(300_00, (await host.Merchant(MerchantId).GetBalanceAsync())!.Balance.CapturedMinor);
    }

    [Fact]
    public async Task Forward_pending_delivers_now_or_reports_what_the_merchant_did_not_take()
    {
        await using var host = await GrainTestHost.StartAtAsync(new DateTime(2026, 11, 9, 9, 0, 0));
        var terminal = await OnboardAsync(host, Profile(MerchantId), TerminalId);
        host.Selective.FailNextWrites(MerchantGrain.GrainTypeName, 1_000);
        await SellAsync(host, terminal, Sale(MerchantId, TerminalId, 1, 300_00, new DateTime(2026, 11, 9, 9, 0, 0)));
        await SellAsync(host, terminal, Sale(MerchantId, TerminalId, 2, 100_00, new DateTime(2026, 11, 9, 9, 0, 0)));

        Assert.Equal(2, await terminal.ForwardPendingAsync());

        host.Selective.FailNextWrites(MerchantGrain.GrainTypeName, 0);
        Assert.Equal(0, await terminal.ForwardPendingAsync());
        Assert.Equal(400_00, (await host.Merchant(MerchantId).GetBalanceAsync())!.Balance.CapturedMinor);
        await AssertConservedAsync(host, MerchantId);
    }

    private static async Task<int> CountMerchantJournalAsync(GrainTestHost host, string recordId)
    {
        var count = 0;
        await foreach (var record in host.Storage.ReadGrainJournalAsync(new GrainId(MerchantGrain.GrainTypeName, MerchantId), CancellationToken.None))
        {
            count += record.RecordId == recordId ? 1 : 0;
        }

        return count;
    }
}
