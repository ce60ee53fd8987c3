using System.Globalization;
using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Grains.Bank;

/// <summary>
/// The beneficiary banks, simulated. Journaled: a credit, a return or a lost request appends one record
/// (<see cref="BankJournal"/>) instead of rewriting the whole statement; account flags still write a snapshot.
/// </summary>
public sealed class SimulatedBankGrain : JournaledGrain<SimulatedBankState>, ISimulatedBankGrain
{
    public const string GrainTypeName = "simulated-bank";

    public const string FrozenReason = "account frozen";

    public const string ClosedReason = "account closed";

    public const string ReturnedByBankReason = "returned by the beneficiary bank";

    public const string InvalidAmountReason = "invalid amount";

    public const string CapacityReason = "simulated bank capacity reached";

    private readonly SimulatedBankOptions _options;

    public SimulatedBankGrain(SimulatedBankOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsValid)
        {
            throw new ArgumentException("Simulated bank rates must lie in [0, 1], MaxRecordedPayouts be positive and Latency not negative.", nameof(options));
        }

        _options = options;
    }

    public static string CreditRecordId(string payoutId) => BankJournal.CreditedId(payoutId);

    public static string ReturnRecordId(string payoutId) => BankJournal.ReturnedId(payoutId);

    public async Task<BankCreditResult> CreditAsync(CreditRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.PayoutId);
        var nowUtc = TimeProvider.GetUtcNow();
        if (State.Results.TryGetValue(request.PayoutId, out var original))
        {
            // The idempotent answer: a retry after a lost reply learns what really happened (Pending until landed).
            return AnswerAt(request.PayoutId, original, nowUtc);
        }

        var attempt = State.LostAttempts.GetValueOrDefault(request.PayoutId) + 1;
        if (BankDice.Hits(_options.TimeoutRate, _options.Seed, "lost-request", attempt, request.PayoutId))
        {
            State.LostAttempts[request.PayoutId] = attempt;
            await AppendPipelinedAsync([BankJournal.Lost(request.PayoutId, attempt)]);
            return BankCreditResult.TimedOut;
        }

        var result = Decide(request, attempt);
        JournalRecord record;
        if (result.Outcome == BankCreditOutcome.Credited)
        {
            // The credit is decided now (trace id, statement order) but lands after the latency; the line
            // carries its landing time and the statement shows it from then on.
            var line = new StatementLine(
                request.PayoutId,
                request.BankCode,
                request.AccountNumber,
                request.AmountMinor,
                result.TraceId!,
                request.Channel,
                nowUtc + _options.Latency,
                request.ValueDate);
            BankJournal.RecordCredit(State, line, nowUtc);
            record = BankJournal.Credited(line, nowUtc);
        }
        else
        {
            State.Results[request.PayoutId] = result;
            State.LostAttempts.Remove(request.PayoutId);
            record = BankJournal.Returned(request, result);
        }

        // The reply is decided inside the turn: after the pipelined write below the state belongs to the next turn.
        // When the credit is durable, only the reply may go missing, as when a network drops a response.
        var reply = result.Outcome == BankCreditOutcome.Credited
            && BankDice.Hits(_options.TimeoutAfterCreditRate, _options.Seed, "lost-reply", attempt, request.PayoutId)
            ? BankCreditResult.TimedOut
            : AnswerAt(request.PayoutId, result, nowUtc);

        // Only the record is written (the statement is not rewritten per credit); replay redoes the change. Pipelined:
        // the next rail's credit is decided while this one commits; the reply waits until it is durable.
        await AppendPipelinedAsync([record]);
        return reply;
    }

    public Task FreezeAccountAsync(string bankCode, string accountNumber) =>
        ChangeFlagAsync(State.FrozenAccounts, AccountKey(bankCode, accountNumber), add: true);

    public Task UnfreezeAccountAsync(string bankCode, string accountNumber) =>
        ChangeFlagAsync(State.FrozenAccounts, AccountKey(bankCode, accountNumber), add: false);

    public Task CloseAccountAsync(string bankCode, string accountNumber) =>
        ChangeFlagAsync(State.ClosedAccounts, AccountKey(bankCode, accountNumber), add: true);

    public Task<IReadOnlyList<StatementLine>> GetStatementAsync(string bankCode, string accountNumber)
    {
        var nowUtc = TimeProvider.GetUtcNow();
        return Task.FromResult<IReadOnlyList<StatementLine>>(
            [.. State.Statement.Where(l => l.BankCode == bankCode && l.AccountNumber == accountNumber && l.CreditedAtUtc <= nowUtc)]);
    }

    /// <summary>Only landed credits: money still in transit is not yet on any account.</summary>
    public Task<IReadOnlyList<StatementLine>> GetAllCreditsAsync()
    {
        var nowUtc = TimeProvider.GetUtcNow();
        return Task.FromResult<IReadOnlyList<StatementLine>>([.. State.Statement.Where(l => l.CreditedAtUtc <= nowUtc)]);
    }

    private static string AccountKey(string bankCode, string accountNumber)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(bankCode);
        ArgumentException.ThrowIfNullOrWhiteSpace(accountNumber);
        return $"{bankCode}/{accountNumber}";
    }

    /// <summary>A recorded credit is answered Pending (same trace id) until it lands, Credited from then on.</summary>
    private BankCreditResult AnswerAt(string payoutId, BankCreditResult recorded, DateTimeOffset nowUtc) =>
        recorded.Outcome == BankCreditOutcome.Credited
            && State.Landings.TryGetValue(payoutId, out var landsAtUtc)
            && nowUtc < landsAtUtc
            ? BankCreditResult.Pending(recorded.TraceId!, landsAtUtc)
            : recorded;

    private BankCreditResult Decide(CreditRequest request, int attempt)
    {
        var account = AccountKey(request.BankCode, request.AccountNumber);
        if (State.Results.Count >= _options.MaxRecordedPayouts)
        {
            return BankCreditResult.Returned(CapacityReason);
        }

        if (State.ClosedAccounts.Contains(account))
        {
            return BankCreditResult.Returned(ClosedReason);
        }

        if (State.FrozenAccounts.Contains(account))
        {
            return BankCreditResult.Returned(FrozenReason);
        }

        if (request.AmountMinor <= 0)
        {
            return BankCreditResult.Returned(InvalidAmountReason);
        }

        if (BankDice.Hits(_options.ReturnRate, _options.Seed, "return", attempt, request.PayoutId))
        {
            return BankCreditResult.Returned(ReturnedByBankReason);
        }

        // Trace ids follow the credit order, so a deterministic run yields the same statement.
        // NextTrace advances when the credit is recorded (BankJournal.RecordCredit), so replay advances it too.
        var trace = string.Create(CultureInfo.InvariantCulture, $"{GetPrimaryKeyString()}-{State.NextTrace:D10}");
        return BankCreditResult.Credited(trace);
    }

    protected override void ApplyJournalRecord(SimulatedBankState state, StoredJournalRecord record) =>
        BankJournal.Apply(state, record);

    private async Task ChangeFlagAsync(HashSet<string> flags, string account, bool add)
    {
        var changed = add ? flags.Add(account) : flags.Remove(account);
        if (changed)
        {
            await WriteStateAsync();
        }
    }
}
