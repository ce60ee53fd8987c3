using System.Text.Json;
using AcquirerEngine.Grains.Terminals;

namespace AcquirerEngine.Grains.Tests.Terminals;

/// <summary>
/// Terminal grain snapshots written before the outbox was held sparsely must read back and write the same
/// text: both literals were written by that earlier code (two sales waiting for the merchant; then none).
/// </summary>
public sealed class TerminalGrainStateFormatTests
{
    private const string WithOutboxJson = """
        {"Terminal":{"MerchantId":"898310048161234","TerminalId":"T0000001","Registered":true,"SignedOn":true,"CurrentBatchNo":1,"ClosedBatchCount":0,"CurrentBatchOpenedAt":null,"PendingUpload":null,"SessionCount":1,"LastSequence":2,"Sales":{"000001:000001:2026-11-17":{"BatchNo":1,"Stan":1,"LocalDate":"2026-11-17","LocalTime":"2026-11-17T10:00:00","AmountMinor":1234,"Currency":"CNY","CardType":2,"CardToken":"tok_1","Status":1,"Disposition":1,"Rrn":"632110000001","ApprovalCode":"OXWDSA","DeclineReason":0,"DeclineReasonText":null,"VoidStan":null,"VoidRrn":null,"RefundedMinor":0,"Settled":false,"Sequence":1},"000001:000002:2026-11-17":{"BatchNo":1,"Stan":2,"LocalDate":"2026-11-17","LocalTime":"2026-11-17T10:00:00","AmountMinor":2468,"Currency":"CNY","CardType":2,"CardToken":"tok_2","Status":1,"Disposition":1,"Rrn":"632110000002","ApprovalCode":"RECNR2","DeclineReason":0,"DeclineReasonText":null,"VoidStan":null,"VoidRrn":null,"RefundedMinor":0,"Settled":false,"Sequence":2}},"OrphanReversals":{},"Refunds":{},"ClosedBatches":{},"CurrentBatchOrdinal":1},"Outbox":[{"Id":"sale:898310048161234:T0000001:000001:000001:2026-11-17","Event":{"$event":"sale-approved","BatchNo":1,"Stan":1,"LocalDate":"2026-11-17","LocalTime":"2026-11-17T10:00:00","AmountMinor":1234,"Currency":"CNY","CardType":2,"CardToken":"tok_1","Rrn":"632110000001","ApprovalCode":"OXWDSA","RecordId":"sale:898310048161234:T0000001:000001:000001:2026-11-17","MerchantId":"898310048161234","TerminalId":"T0000001"},"RecordedAtLocal":"2026-11-17T10:00:00"},{"Id":"sale:898310048161234:T0000001:000001:000002:2026-11-17","Event":{"$event":"sale-approved","BatchNo":1,"Stan":2,"LocalDate":"2026-11-17","LocalTime":"2026-11-17T10:00:00","AmountMinor":2468,"Currency":"CNY","CardType":2,"CardToken":"tok_2","Rrn":"632110000002","ApprovalCode":"RECNR2","RecordId":"sale:898310048161234:T0000001:000001:000002:2026-11-17","MerchantId":"898310048161234","TerminalId":"T0000001"},"RecordedAtLocal":"2026-11-17T10:00:00"}]}
        """;

    private const string EmptyOutboxJson = """
        {"Terminal":{"MerchantId":"898310048161234","TerminalId":"T0000001","Registered":true,"SignedOn":true,"CurrentBatchNo":1,"ClosedBatchCount":0,"CurrentBatchOpenedAt":null,"PendingUpload":null,"SessionCount":1,"LastSequence":2,"Sales":{"000001:000001:2026-11-17":{"BatchNo":1,"Stan":1,"LocalDate":"2026-11-17","LocalTime":"2026-11-17T10:00:00","AmountMinor":1234,"Currency":"CNY","CardType":2,"CardToken":"tok_1","Status":1,"Disposition":1,"Rrn":"632110000001","ApprovalCode":"OXWDSA","DeclineReason":0,"DeclineReasonText":null,"VoidStan":null,"VoidRrn":null,"RefundedMinor":0,"Settled":false,"Sequence":1},"000001:000002:2026-11-17":{"BatchNo":1,"Stan":2,"LocalDate":"2026-11-17","LocalTime":"2026-11-17T10:00:00","AmountMinor":2468,"Currency":"CNY","CardType":2,"CardToken":"tok_2","Status":1,"Disposition":1,"Rrn":"632110000002","ApprovalCode":"RECNR2","DeclineReason":0,"DeclineReasonText":null,"VoidStan":null,"VoidRrn":null,"RefundedMinor":0,"Settled":false,"Sequence":2}},"OrphanReversals":{},"Refunds":{},"ClosedBatches":{},"CurrentBatchOrdinal":1},"Outbox":[]}
        """;

    [Fact]
    public void A_snapshot_with_waiting_facts_reads_back_in_order_and_writes_the_same_text()
    {
        var state = JsonSerializer.Deserialize<TerminalGrainState>(WithOutboxJson)!;

        Assert.Equal(
            ["sale:898310048161234:T0000001:000001:000001:2026-11-17", "sale:898310048161234:T0000001:000001:000002:2026-11-17"],
            state.Outbox.Select(f => f.Id));
        Assert.Equal(2, state.Terminal.Sales.Count);
        Assert.Equal(WithOutboxJson, JsonSerializer.Serialize(state));
    }

    [Fact]
    public void Delivered_facts_leave_from_the_front_and_an_empty_outbox_writes_as_before()
    {
        var state = JsonSerializer.Deserialize<TerminalGrainState>(WithOutboxJson)!;
        var second = state.Outbox[1];

        state.RemoveDelivered(1);
        Assert.Same(second, Assert.Single(state.Outbox));

        state.RemoveDelivered(1);
        Assert.Empty(state.Outbox);
        Assert.Equal(EmptyOutboxJson, JsonSerializer.Serialize(state));
        Assert.Equal(EmptyOutboxJson, JsonSerializer.Serialize(new TerminalGrainState { Terminal = state.Terminal }));

        // A later fact goes into a fresh outbox; removing more than is there empties it without failing.
        state.AddToOutbox(second);
        Assert.Same(second, Assert.Single(state.Outbox));
        state.RemoveDelivered(5);
        Assert.Empty(state.Outbox);
    }

    [Fact]
    public void An_empty_snapshot_outbox_takes_facts_later()
    {
        var state = JsonSerializer.Deserialize<TerminalGrainState>(EmptyOutboxJson)!;
        var fact = JsonSerializer.Deserialize<TerminalGrainState>(WithOutboxJson)!.Outbox[0];
        Assert.Empty(state.Outbox);

        state.AddToOutbox(fact);

        Assert.Same(fact, Assert.Single(state.Outbox));
        Assert.Empty(new TerminalGrainState().Outbox);
    }
}
