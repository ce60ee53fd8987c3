using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AcquirerEngine.Grains.Bank;
using AcquirerEngine.Grains.Payouts;
using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Grains.Channels;

/// <summary>
/// The journal records of a payout rail. Ids are keyed by payout id ("rail-...:{payoutId}"), so the store
/// refuses the same payout on two rails or twice on one, whatever the rail's bounded memory holds. Each
/// record carries what replay needs to redo the live change (<see cref="Apply"/>), so the rail's hot writes
/// (enqueue, each drain step, each acknowledgement) append a record instead of rewriting the whole queue.
/// The original payload shapes are kept (the instruction at the root; <c>{ instruction, result }</c>) and
/// only gain members, so readers of the older records read the newer ones too.
/// </summary>
public static class RailJournal
{
    public const string QueuedKind = "RailPayoutQueued";

    public const string SendingKind = "RailPayoutSending";

    /// <summary>A payout marked sending again (a retry after a lost reply): one record per attempt.</summary>
    public const string ResendingKind = "RailPayoutResending";

    /// <summary>A payout the bank answered Pending: it left the queue and awaits the bank's confirmation.</summary>
    public const string InTransitKind = "RailPayoutInTransit";

    public const string CreditedKind = "RailPayoutCredited";

    public const string ReturnedKind = "RailPayoutReturned";

    /// <summary>The sink took the head of the outbox; named after the last notice it took (each notice is taken once).</summary>
    public const string NoticesDeliveredKind = "RailNoticesDelivered";

    private const string EnqueuedAtProperty = "EnqueuedAtUtc";
    private static readonly byte[] EnqueuedAtMember = Encoding.UTF8.GetBytes($",\"{EnqueuedAtProperty}\":");
    // One buffer and writer per thread for the queued record's two values (used synchronously, never across an await).
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_queuedBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_queuedWriter;

    private const string AttemptProperty = "Attempt";
    private const string DrainProperty = "DrainUtc";

    public static string QueuedId(string payoutId) => $"rail-queued:{payoutId}";

    public static string SendingId(string payoutId) => $"rail-sending:{payoutId}";

    public static string ResendingId(string payoutId, int attempt) => $"rail-resending:{payoutId}:{attempt}";

    public static string InTransitId(string payoutId) => $"rail-in-transit:{payoutId}";

    public static string CreditedId(string payoutId) => $"rail-credited:{payoutId}";

    public static string ReturnedId(string payoutId) => $"rail-returned:{payoutId}";

    public static string NoticesDeliveredId(PayoutNotice lastTaken)
    {
        ArgumentNullException.ThrowIfNull(lastTaken);
        return $"rail-delivered:{lastTaken.PayoutId}:{lastTaken.Outcome}";
    }

    /// <summary>
    /// The instruction's own JSON with <c>EnqueuedAtUtc</c> as its last member. Written straight from the two
    /// serialized values, byte for byte what the earlier node-built payload was: every payout of the nightly run is
    /// enqueued, and building a JSON node per payout to add one member cost the run 3% of its CPU.
    /// </summary>
    public static JournalRecord Queued(QueuedPayout payout)
    {
        ArgumentNullException.ThrowIfNull(payout);

        // Both values are serialized into one reused buffer and copied once into the payload (the default writer
        // options, as SerializeToUtf8Bytes uses): the payload is the only array a payout's record allocates.
        var buffer = t_queuedBuffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = t_queuedWriter ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        JsonSerializer.Serialize(writer, payout.Instruction);
        writer.Flush();
        var instructionLength = buffer.WrittenCount;
        writer.Reset(buffer);
        JsonSerializer.Serialize(writer, payout.EnqueuedAtUtc);
        writer.Flush();
        var written = buffer.WrittenSpan;
        var instruction = written[..instructionLength];
        var member = written[instructionLength..];
        ReadOnlySpan<byte> name = EnqueuedAtMember;
        var payload = new byte[instruction.Length - 1 + name.Length + member.Length + 1];
        instruction[..^1].CopyTo(payload);
        name.CopyTo(payload.AsSpan(instruction.Length - 1));
        member.CopyTo(payload.AsSpan(instruction.Length - 1 + name.Length));
        payload[^1] = (byte)'}';
        return new JournalRecord(QueuedId(payout.Instruction.PayoutId), QueuedKind, payload);
    }

    /// <summary>The payout as just marked sending by the drain at <paramref name="drainUtc"/> (its attempt count included).</summary>
    public static JournalRecord Sending(QueuedPayout payout, DateTimeOffset drainUtc)
    {
        ArgumentNullException.ThrowIfNull(payout);
        var payload = Node(payout.Instruction);
        payload[AttemptProperty] = payout.Attempts;
        payload[DrainProperty] = JsonValue.Create(drainUtc);
        var id = payout.Instruction.PayoutId;
        return payout.Attempts <= 1
            ? new JournalRecord(SendingId(id), SendingKind, Bytes(payload))
            : new JournalRecord(ResendingId(id, payout.Attempts), ResendingKind, Bytes(payload));
    }

    public static JournalRecord InTransit(AwaitingPayout awaiting, PayoutNotice sent)
    {
        ArgumentNullException.ThrowIfNull(awaiting);
        return new JournalRecord(
            InTransitId(awaiting.Instruction.PayoutId),
            InTransitKind,
            JsonSerializer.SerializeToUtf8Bytes(new RailInTransitEntry(awaiting, sent)));
    }

    /// <summary>
    /// A bank's final answer, with what the rail recorded for it: the finished entry, the notices it queued, and
    /// whether the payout left the queue's head (else the in-transit list).
    /// </summary>
    public static JournalRecord Finished(
        PayoutInstruction instruction, BankCreditResult result, FinishedPayout finished, IReadOnlyList<PayoutNotice> notices, bool fromQueue)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        ArgumentNullException.ThrowIfNull(result);
        var credited = result.Outcome == BankCreditOutcome.Credited;
        return new JournalRecord(
            credited ? CreditedId(instruction.PayoutId) : ReturnedId(instruction.PayoutId),
            credited ? CreditedKind : ReturnedKind,
            JsonSerializer.SerializeToUtf8Bytes(new RailFinishedEntry(instruction, result, finished, notices, fromQueue)));
    }

    public static JournalRecord NoticesDelivered(PayoutNotice lastTaken, int taken, string? lastSinkError) =>
        new(NoticesDeliveredId(lastTaken), NoticesDeliveredKind, JsonSerializer.SerializeToUtf8Bytes(new RailDeliveryEntry(taken, lastSinkError)));

    /// <summary>
    /// Replays one record onto <paramref name="state"/> exactly as the live rail changed it;
    /// <paramref name="completedHistoryCapacity"/> bounds the finished list as the live rail does.
    /// </summary>
    public static void Apply(BankChannelState state, StoredJournalRecord record, int completedHistoryCapacity)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(record);
        switch (record.Kind)
        {
            case QueuedKind:
                state.Queue.Add(new QueuedPayout
                {
                    Instruction = Read<PayoutInstruction>(record),
                    EnqueuedAtUtc = Member(record, EnqueuedAtProperty).GetDateTimeOffset(),
                });
                break;
            case SendingKind or ResendingKind:
                var payout = state.Queue[HeadIndexOf(state, Read<PayoutInstruction>(record).PayoutId, record)];
                payout.Sending = true;
                payout.Attempts = Member(record, AttemptProperty).GetInt32();
                state.LastDrainUtc = Member(record, DrainProperty).GetDateTimeOffset();
                break;
            case InTransitKind:
                var inTransit = Read<RailInTransitEntry>(record);
                state.Queue.RemoveAt(HeadIndexOf(state, inTransit.Awaiting.Instruction.PayoutId, record));
                state.Outbox.Add(inTransit.Sent);
                state.AwaitingConfirmation.Add(inTransit.Awaiting);
                break;
            case CreditedKind or ReturnedKind:
                ApplyFinished(state, record, completedHistoryCapacity);
                break;
            case NoticesDeliveredKind:
                var delivery = Read<RailDeliveryEntry>(record);
                state.Outbox.RemoveRange(0, Math.Min(delivery.Taken, state.Outbox.Count));
                state.LastSinkError = delivery.LastSinkError;
                break;
            default:
                throw new InvalidDataException($"A payout rail cannot replay a '{record.Kind}' record ({record.RecordId}).");
        }
    }

    private static void ApplyFinished(BankChannelState state, StoredJournalRecord record, int completedHistoryCapacity)
    {
        var entry = Read<RailFinishedEntry>(record);
        if (entry.Finished is null || entry.Notices is null)
        {
            // Records without these members were only written with a full snapshot that holds them: never in a tail.
            throw new InvalidDataException($"Rail record {record.RecordId} carries no finished entry and cannot be replayed.");
        }

        var id = entry.Instruction.PayoutId;
        if (entry.FromQueue)
        {
            state.Queue.RemoveAt(HeadIndexOf(state, id, record));
        }
        else
        {
            state.AwaitingConfirmation.RemoveAll(a => a.Instruction.PayoutId == id);
        }

        state.Outbox.AddRange(entry.Notices);
        state.Finished.Add(entry.Finished);
        var dropped = state.Finished.Count - completedHistoryCapacity;
        if (dropped > 0)
        {
            state.Finished.RemoveRange(0, dropped);
        }
    }

    /// <summary>Only the head of the queue is ever sent or finished, so the search from the head ends at once.</summary>
    private static int HeadIndexOf(BankChannelState state, string payoutId, StoredJournalRecord record)
    {
        var index = state.Queue.FindIndex(q => q.Instruction.PayoutId == payoutId);
        return index >= 0
            ? index
            : throw new InvalidDataException($"Rail record {record.RecordId} names payout {payoutId}, which the replayed queue does not hold.");
    }

    private static JsonObject Node<T>(T value) => JsonSerializer.SerializeToNode(value)!.AsObject();

    private static byte[] Bytes(JsonObject payload) => JsonSerializer.SerializeToUtf8Bytes(payload);

    private static T Read<T>(StoredJournalRecord record) =>
        JsonSerializer.Deserialize<T>(record.Payload, CaseInsensitive)
            ?? throw new InvalidDataException($"Rail record {record.RecordId} ({record.Kind}) holds no readable payload.");

    private static JsonElement Member(StoredJournalRecord record, string name)
    {
        using var document = JsonDocument.Parse(record.Payload);
        return document.RootElement.TryGetProperty(name, out var value)
            ? value.Clone()
            : throw new InvalidDataException($"Rail record {record.RecordId} ({record.Kind}) lacks {name} and cannot be replayed.");
    }

    // The finished payload was first written as an anonymous { instruction, result }: read members by any case.
    private static readonly JsonSerializerOptions CaseInsensitive = new() { PropertyNameCaseInsensitive = true };
}
