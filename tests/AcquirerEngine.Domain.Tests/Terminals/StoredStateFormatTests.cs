using System.Text.Json;
using AcquirerEngine.Domain.Terminals;
using static AcquirerEngine.Domain.Tests.Terminals.TerminalHarness;

namespace AcquirerEngine.Domain.Tests.Terminals;

/// <summary>
/// Snapshots written before the rare collections were held sparsely (refunds, orphan reversals, closed batches)
/// must read back and write the same text: the literals below were written by that earlier code.
/// </summary>
public sealed class StoredStateFormatTests
{
    // A terminal after two sales, an orphan reversal, a balanced close of batch 1 and a refund in batch 2.
    private const string BusyTerminalJson = """
        {"MerchantId":"898310048161234","TerminalId":"T0000001","Registered":true,"SignedOn":true,"CurrentBatchNo":2,"ClosedBatchCount":1,"CurrentBatchOpenedAt":"2026-09-30T22:45:00","PendingUpload":null,"SessionCount":1,"LastSequence":4,"Sales":{"000001:000001:2026-09-30":{"BatchNo":1,"Stan":1,"LocalDate":"2026-09-30","LocalTime":"2026-09-30T22:30:00","AmountMinor":1000,"Currency":"CNY","CardType":1,"CardToken":"tok_4f9a2c","Status":1,"Disposition":1,"Rrn":"627322000001","ApprovalCode":"ODH1GA","DeclineReason":0,"DeclineReasonText":null,"VoidStan":null,"VoidRrn":null,"RefundedMinor":400,"Settled":true,"Sequence":1},"000001:000002:2026-09-30":{"BatchNo":1,"Stan":2,"LocalDate":"2026-09-30","LocalTime":"2026-09-30T22:30:00","AmountMinor":2000,"Currency":"CNY","CardType":1,"CardToken":"tok_4f9a2c","Status":1,"Disposition":1,"Rrn":"627322000002","ApprovalCode":"RPFY6B","DeclineReason":0,"DeclineReasonText":null,"VoidStan":null,"VoidRrn":null,"RefundedMinor":0,"Settled":true,"Sequence":2}},"OrphanReversals":{"000001:000099:any-date":{"BatchNo":1,"Stan":99,"LocalDate":null,"Settled":true,"Sequence":3}},"Refunds":{"000002:000500:2026-10-01":{"BatchNo":2,"Stan":500,"LocalDate":"2026-10-01","LocalTime":"2026-10-01T22:30:00","AmountMinor":400,"Currency":"CNY","CardType":1,"OriginalBatchNo":1,"OriginalStan":1,"OriginalLocalDate":"2026-09-30","Rrn":"627422000500","RefundableRemainingMinor":600,"Settled":false,"Sequence":4}},"ClosedBatches":{"000001":{"BatchNo":1,"NextBatchNo":2,"BatchOrdinal":1,"ClosedAt":"2026-09-30T22:45:00","HostTotals":{"SaleCount":2,"SaleAmountMinor":3000,"RefundCount":0,"RefundAmountMinor":0},"TerminalTotals":{"SaleCount":2,"SaleAmountMinor":3000,"RefundCount":0,"RefundAmountMinor":0},"ByUpload":false,"Discrepancies":[]}},"CurrentBatchOrdinal":2}
        """;

    private const string FreshTerminalJson = """
        {"MerchantId":"","TerminalId":"","Registered":false,"SignedOn":false,"CurrentBatchNo":1,"ClosedBatchCount":0,"CurrentBatchOpenedAt":null,"PendingUpload":null,"SessionCount":0,"LastSequence":0,"Sales":{},"OrphanReversals":{},"Refunds":{},"ClosedBatches":{},"CurrentBatchOrdinal":1}
        """;

    [Fact]
    public void A_snapshot_in_the_earlier_format_reads_back_and_writes_the_same_text()
    {
        var state = JsonSerializer.Deserialize<TerminalState>(BusyTerminalJson)!;

        Assert.Equal(2, state.Sales.Count);
        Assert.Equal(99u, Assert.Single(state.OrphanReversals.Values).Stan);
        Assert.Equal(600, state.FindRefund(2, 500, new DateOnly(2026, 10, 1))!.RefundableRemainingMinor);
        Assert.Equal(3_000, state.FindClosedBatch(1)!.HostTotals.SaleAmountMinor);
        Assert.Equal(BusyTerminalJson, JsonSerializer.Serialize(state));
    }

    [Fact]
    public void A_fresh_state_writes_its_empty_collections_as_before()
    {
        Assert.Equal(FreshTerminalJson, JsonSerializer.Serialize(new TerminalState()));
        Assert.Equal(FreshTerminalJson, JsonSerializer.Serialize(JsonSerializer.Deserialize<TerminalState>(FreshTerminalJson)));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("null")]
    [InlineData("missing")]
    public void Empty_null_or_missing_collections_read_as_empty_and_take_entries_later(string form)
    {
        var json = BusyTerminalJson
            .Replace(BusyTerminalJson[BusyTerminalJson.IndexOf("\"Refunds\":", StringComparison.Ordinal)..BusyTerminalJson.IndexOf(",\"ClosedBatches\":", StringComparison.Ordinal)], form == "missing" ? "\"Unused\":0" : "\"Refunds\":" + form, StringComparison.Ordinal);
        var state = JsonSerializer.Deserialize<TerminalState>(json)!;
        Assert.Empty(state.Refunds);

        // The sale was refunded 400 by the refund this snapshot lost: a new refund of the rest is recorded.
        var outcome = TerminalDecider.Decide(state, Refund(1, 600, stan: 501));
        Assert.Equal(RefundResult.Refunded, outcome.Result);
        foreach (var terminalEvent in outcome.Events)
        {
            state.Apply(terminalEvent);
        }

        Assert.Equal(600, state.FindRefund(2, 501, new DateOnly(2026, 10, 1))!.AmountMinor);
        Assert.Single(state.Refunds);
    }

    [Fact]
    public void States_never_share_entries_through_their_empty_collections()
    {
        var busy = JsonSerializer.Deserialize<TerminalState>(BusyTerminalJson)!;
        var fresh = new TerminalState();

        var outcome = TerminalDecider.Decide(busy, Refund(2, 500, stan: 502));
        Assert.Equal(RefundResult.Refunded, outcome.Result);
        busy.Apply(Assert.Single(outcome.Events));

        Assert.Equal(2, busy.Refunds.Count);
        Assert.Empty(fresh.Refunds);
        Assert.Empty(fresh.OrphanReversals);
        Assert.Empty(fresh.ClosedBatches);
        Assert.Empty(new TerminalState().Refunds);
    }
}
