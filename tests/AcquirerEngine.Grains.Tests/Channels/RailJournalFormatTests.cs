using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Grains.Channels;
using AcquirerEngine.Grains.Payouts;

namespace AcquirerEngine.Grains.Tests.Channels;

/// <summary>The queued record is written without a JSON node, byte for byte as the node-built payload was, and replays.</summary>
public sealed class RailJournalFormatTests
{
    [Theory]
    [InlineData("payout:898340149000001:2026-11-18:1", "6222020000000001", 123_45)]
    [InlineData("P-\u00e9\"quoted\"/1", "\u94f6\u884c-0001", long.MaxValue)]
    public void A_queued_record_is_the_instruction_with_its_enqueue_time_as_the_node_built_payload_was(string payoutId, string account, long amountMinor)
    {
        var instruction = new PayoutInstruction(
            payoutId, "898340149000001", amountMinor, "CNY", new PayoutAccount("ICBC", account, PayoutDestination.Interbank),
            ChannelKind.Hvps, new DateOnly(2026, 11, 18), new DateTime(2026, 11, 18, 0, 30, 0));
        var queued = new QueuedPayout { Instruction = instruction, EnqueuedAtUtc = new DateTimeOffset(2026, 11, 17, 16, 30, 0, 125, TimeSpan.Zero) };

        var record = RailJournal.Queued(queued);

        var earlier = JsonSerializer.SerializeToNode(instruction)!.AsObject();
        earlier["EnqueuedAtUtc"] = JsonValue.Create(queued.EnqueuedAtUtc);
        Assert.Equal(Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(earlier)), Encoding.UTF8.GetString(record.Payload));

        var state = new BankChannelState();
        RailJournal.Apply(state, new Runtime.Storage.StoredJournalRecord(1, new Runtime.GrainId("bank-channel", "hvps"), record.RecordId, record.Kind, record.Payload, DateTimeOffset.UnixEpoch), 10);
        var replayed = Assert.Single(state.Queue);
        Assert.Equal(instruction, replayed.Instruction);
        Assert.Equal(queued.EnqueuedAtUtc, replayed.EnqueuedAtUtc);
    }
}
