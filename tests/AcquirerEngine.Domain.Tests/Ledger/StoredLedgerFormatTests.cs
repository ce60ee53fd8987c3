using System.Text.Json;
using AcquirerEngine.Domain.Ledger;
using AcquirerEngine.Domain.Risk;
using static AcquirerEngine.Domain.Tests.Ledger.LedgerHarness;

namespace AcquirerEngine.Domain.Tests.Ledger;

/// <summary>
/// Ledger snapshots written before a transaction's payout shares and risk reasons were held sparsely must read
/// back and write the same text: the literal below was written by that earlier code.
/// </summary>
public sealed class StoredLedgerFormatTests
{
    // Three captures (one with a risk reason), a run paying two of them, its payout queued, sent and returned.
    private const string LedgerJson = """
        {"MerchantId":"898310048161234","Account":{"Version":1,"AccountType":3,"Destination":1,"Cycle":"T1","SameDayQuotaMinor":null},"Frozen":false,"FrozenReason":null,"FrozenAt":null,"FreezeCount":0,"LastSequence":3,"LastRunDate":"2026-09-30","Runs":[{"RunDate":"2026-09-30","LocalTime":"2026-09-30T18:00:00","Result":1,"PayoutId":"payout:898310048161234:2026-09-30:1"}],"Transactions":{"a":{"TransactionId":"a","Sequence":1,"AmountMinor":20000,"CapturedFeeMinor":120,"FeeMinor":120,"CardType":2,"CardToken":"tok_a","LocalTime":"2026-09-29T12:00:00","ClearingDate":"2026-09-29","ValueDate":"2026-09-30","CapturedValueDate":"2026-09-30","ValueDateProvisional":false,"ValueDateRevisionCount":0,"PendingMinor":0,"HeldMinor":0,"DeferredMinor":0,"DeferralReason":0,"DeferredOnRun":null,"ReturnedMinor":19880,"ReturnReason":"account frozen","PayoutShares":[{"PayoutId":"payout:898310048161234:2026-09-30:1","AmountMinor":19880}],"CancelKind":0,"CancelledMinor":0,"RefundedMinor":0,"RejectedMinor":0,"HoldStatus":0,"HoldReason":0,"RiskReasons":[],"HoldText":null,"HoldCount":0},"b":{"TransactionId":"b","Sequence":2,"AmountMinor":25000,"CapturedFeeMinor":150,"FeeMinor":150,"CardType":2,"CardToken":"tok_b","LocalTime":"2026-09-29T12:00:00","ClearingDate":"2026-09-29","ValueDate":"2026-09-30","CapturedValueDate":"2026-09-30","ValueDateProvisional":false,"ValueDateRevisionCount":0,"PendingMinor":0,"HeldMinor":0,"DeferredMinor":14730,"DeferralReason":1,"DeferredOnRun":"2026-09-30","ReturnedMinor":10120,"ReturnReason":"account frozen","PayoutShares":[{"PayoutId":"payout:898310048161234:2026-09-30:1","AmountMinor":10120}],"CancelKind":0,"CancelledMinor":0,"RefundedMinor":0,"RejectedMinor":0,"HoldStatus":0,"HoldReason":0,"RiskReasons":[],"HoldText":null,"HoldCount":0},"big":{"TransactionId":"big","Sequence":3,"AmountMinor":6000000,"CapturedFeeMinor":0,"FeeMinor":0,"CardType":2,"CardToken":"tok_big","LocalTime":"2026-09-29T12:00:00","ClearingDate":"2026-09-29","ValueDate":"2026-09-30","CapturedValueDate":"2026-09-30","ValueDateProvisional":false,"ValueDateRevisionCount":0,"PendingMinor":0,"HeldMinor":0,"DeferredMinor":6000000,"DeferralReason":1,"DeferredOnRun":"2026-09-30","ReturnedMinor":0,"ReturnReason":null,"PayoutShares":[],"CancelKind":0,"CancelledMinor":0,"RefundedMinor":0,"RejectedMinor":0,"HoldStatus":0,"HoldReason":0,"RiskReasons":[6],"HoldText":null,"HoldCount":0}},"Refunds":{},"Payouts":{"payout:898310048161234:2026-09-30:1":{"PayoutId":"payout:898310048161234:2026-09-30:1","RunDate":"2026-09-30","InboundDay":"2026-09-30","AmountMinor":30000,"AccountType":3,"Destination":1,"Status":5,"Allocations":[{"TransactionId":"a","Source":1,"AmountMinor":19880},{"TransactionId":"b","Source":1,"AmountMinor":10120}],"InstructedAt":"2026-09-30T18:00:00","Channel":"SAME-BANK","QueueReason":"core down","QueuedAt":"2026-09-30T12:00:00","TraceId":"t1","SentAt":"2026-09-30T12:00:00","CreditedAt":null,"ReturnReason":"account frozen","ReturnedAt":"2026-09-30T12:00:00","PartReturns":[]}},"Risk":{"SaleCount":3,"TotalAmountMinor":6045000,"LatestSaleTime":"2026-09-29T12:00:00","RecentCardUses":[{"CardToken":"tok_a","LocalTime":"2026-09-29T12:00:00"},{"CardToken":"tok_b","LocalTime":"2026-09-29T12:00:00"},{"CardToken":"tok_big","LocalTime":"2026-09-29T12:00:00"}],"DailyVolumes":[{"Date":"2026-09-29","AmountMinor":6045000}]}}
        """;

    private static readonly LedgerPolicy Policy = new() { ClassIIDailyInboundLimitMinor = 30_000 };

    [Fact]
    public void A_snapshot_in_the_earlier_format_reads_back_and_writes_the_same_text()
    {
        var state = JsonSerializer.Deserialize<MerchantLedgerState>(LedgerJson)!;

        Assert.Equal(19_880, Assert.Single(state.FindTransaction("a")!.PayoutShares).AmountMinor);
        Assert.Empty(state.FindTransaction("big")!.PayoutShares);
        Assert.Equal([(RiskReason)6], state.FindTransaction("big")!.RiskReasons);
        Assert.Empty(state.FindTransaction("a")!.RiskReasons);
        Assert.Null(LedgerConservation.FindViolation(state));
        Assert.Equal(LedgerJson, JsonSerializer.Serialize(state));
    }

    [Fact]
    public void A_loaded_ledger_keeps_adding_payout_shares_where_it_had_none_and_where_it_had_some()
    {
        var state = JsonSerializer.Deserialize<MerchantLedgerState>(LedgerJson)!;

        var run = MerchantLedgerDecider.Decide(state, Settle(Day.AddDays(2)), Policy);
        Assert.Equal(SettleResult.PayoutInstructed, run.Result);
        foreach (var ledgerEvent in run.Events)
        {
            state.Apply(ledgerEvent);
        }

        // The returned money of "a" goes out again: a second share beside the first.
        Assert.Equal(
            ["payout:898310048161234:2026-09-30:1", run.PayoutId],
            state.FindTransaction("a")!.PayoutShares.Select(share => share.PayoutId));
        Assert.Null(LedgerConservation.FindViolation(state));
        var again = JsonSerializer.Deserialize<MerchantLedgerState>(JsonSerializer.Serialize(state))!;
        Assert.Equal(JsonSerializer.Serialize(state), JsonSerializer.Serialize(again));
    }

    [Fact]
    public void A_run_takes_money_in_arrival_order_even_when_the_transactions_are_held_in_another_order()
    {
        var inOrder = JsonSerializer.Deserialize<MerchantLedgerState>(LedgerJson)!;
        var reversed = JsonSerializer.Deserialize<MerchantLedgerState>(LedgerJson)!;
        reversed.Transactions = new Dictionary<string, LedgerTransaction>(
            reversed.Transactions.Reverse(), StringComparer.Ordinal);
        Assert.Equal(["big", "b", "a"], reversed.Transactions.Keys);

        var expected = MerchantLedgerDecider.Decide(inOrder, Settle(Day.AddDays(2)), Policy);
        var actual = MerchantLedgerDecider.Decide(reversed, Settle(Day.AddDays(2)), Policy);

        // Sequence 1 ("a", its returned money) before sequence 2 ("b", its deferred money), whatever the dictionary's order.
        var run = Assert.IsType<SettlementRunCompleted>(Assert.Single(actual.Events));
        Assert.Equal(["a", "b"], run.Allocations.Select(a => a.TransactionId));
        Assert.Equal(JsonSerializer.Serialize(expected.Events[0]), JsonSerializer.Serialize(actual.Events[0]));
    }
}
