using System.Text.Json;
using System.Text.Json.Nodes;
using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Grains.Bank;

/// <summary>
/// The simulated bank's journal records, each carrying what replay needs to redo the change the live grain
/// made. Ids are keyed by payout id, so the store refuses a second credit of one payout whatever the bank
/// remembers. A "BankCredited" payload is the <see cref="StatementLine"/> itself (journal readers take it as
/// one) plus the instant the credit was decided, which prunes the landing times as the live grain did.
/// </summary>
public static class BankJournal
{
    public const string CreditedKind = "BankCredited";

    public const string ReturnedKind = "BankReturned";

    public const string LostKind = "BankRequestLost";

    private const string DecidedAtProperty = "DecidedAtUtc";

    private static readonly JsonSerializerOptions CaseInsensitive = new() { PropertyNameCaseInsensitive = true };

    public static string CreditedId(string payoutId) => $"bank-credit:{payoutId}";

    public static string ReturnedId(string payoutId) => $"bank-return:{payoutId}";

    /// <summary>Each lost request of a payout is its own record: the attempt number makes the id unique.</summary>
    public static string LostId(string payoutId, int attempt) => $"bank-lost:{payoutId}:{attempt}";

    public static JournalRecord Credited(StatementLine line, DateTimeOffset decidedAtUtc)
    {
        ArgumentNullException.ThrowIfNull(line);
        var payload = JsonSerializer.SerializeToNode(line)!.AsObject();
        payload[DecidedAtProperty] = JsonValue.Create(decidedAtUtc);
        return new JournalRecord(CreditedId(line.PayoutId), CreditedKind, JsonSerializer.SerializeToUtf8Bytes(payload));
    }

    /// <summary>The payload keeps its original shape, <c>{ request, result }</c>.</summary>
    public static JournalRecord Returned(CreditRequest request, BankCreditResult result)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new JournalRecord(ReturnedId(request.PayoutId), ReturnedKind, JsonSerializer.SerializeToUtf8Bytes(new { request, result }));
    }

    public static JournalRecord Lost(string payoutId, int attempt) =>
        new(LostId(payoutId, attempt), LostKind, JsonSerializer.SerializeToUtf8Bytes(new BankLostAttempt(payoutId, attempt)));

    /// <summary>Replays one record onto <paramref name="state"/> exactly as <see cref="SimulatedBankGrain.CreditAsync"/> changed it.</summary>
    public static void Apply(SimulatedBankState state, StoredJournalRecord record)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(record);
        switch (record.Kind)
        {
            case CreditedKind:
                ApplyCredited(state, record);
                break;
            case ReturnedKind:
                var returned = JsonSerializer.Deserialize<BankReturnEntry>(record.Payload, CaseInsensitive)
                    ?? throw Unreadable(record);
                state.Results[returned.Request.PayoutId] = returned.Result;
                state.LostAttempts.Remove(returned.Request.PayoutId);
                break;
            case LostKind:
                var lost = JsonSerializer.Deserialize<BankLostAttempt>(record.Payload) ?? throw Unreadable(record);
                state.LostAttempts[lost.PayoutId] = lost.Attempt;
                break;
            default:
                throw new InvalidDataException($"The simulated bank cannot replay a '{record.Kind}' record ({record.RecordId}).");
        }
    }

    /// <summary>The credit as decided: final answer, next trace number, landing time (latency) and statement line.</summary>
    internal static void RecordCredit(SimulatedBankState state, StatementLine line, DateTimeOffset decidedAtUtc)
    {
        state.Results[line.PayoutId] = BankCreditResult.Credited(line.TraceId);
        state.LostAttempts.Remove(line.PayoutId);
        state.NextTrace++;
        PruneLandings(state, decidedAtUtc);
        if (line.CreditedAtUtc > decidedAtUtc)
        {
            state.Landings[line.PayoutId] = line.CreditedAtUtc;
        }

        state.Statement.Add(line);
    }

    /// <summary>Landed credits need no landing time any more (their answer is Credited); keeps the map small.</summary>
    private static void PruneLandings(SimulatedBankState state, DateTimeOffset nowUtc)
    {
        foreach (var payoutId in state.Landings.Where(l => l.Value <= nowUtc).Select(l => l.Key).ToList())
        {
            state.Landings.Remove(payoutId);
        }
    }

    private static void ApplyCredited(SimulatedBankState state, StoredJournalRecord record)
    {
        var line = JsonSerializer.Deserialize<StatementLine>(record.Payload) ?? throw Unreadable(record);
        using var document = JsonDocument.Parse(record.Payload);
        if (!document.RootElement.TryGetProperty(DecidedAtProperty, out var decidedAt))
        {
            // Such records were only written with a full snapshot, which already holds them: never in a tail.
            throw new InvalidDataException($"Bank credit record {record.RecordId} lacks {DecidedAtProperty} and cannot be replayed.");
        }

        RecordCredit(state, line, decidedAt.GetDateTimeOffset());
    }

    private static InvalidDataException Unreadable(StoredJournalRecord record) =>
        new($"Bank journal record {record.RecordId} ({record.Kind}) holds no readable payload.");
}
