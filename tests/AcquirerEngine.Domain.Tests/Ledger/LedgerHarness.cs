using System.Text.Json;
using AcquirerEngine.Domain.Ledger;
using AcquirerEngine.Domain.Terminals;

namespace AcquirerEngine.Domain.Tests.Ledger;

/// <summary>
/// Plays the merchant grain in tests: decide, check the decision left the state untouched, append the
/// events to an in-memory journal (refusing duplicate record ids like the store), apply them, and check
/// R11 conservation after every event.
/// </summary>
internal sealed class LedgerHarness
{
    public const string Mid = "898310048161234";
    public static readonly DateOnly Day = new(2026, 9, 29);
    public static readonly DateTime Noon = new(2026, 9, 29, 12, 0, 0, DateTimeKind.Unspecified);

    public LedgerHarness(LedgerPolicy? policy = null)
    {
        Policy = policy ?? LedgerPolicy.Default;
    }

    public LedgerPolicy Policy { get; }

    public MerchantLedgerState State { get; } = new();

    public List<LedgerEvent> Journal { get; } = [];

    public HashSet<string> RecordIds { get; } = new(StringComparer.Ordinal);

    public static LedgerHarness Configured(
        AccountType accountType = AccountType.Corporate,
        AccountDestination destination = AccountDestination.Interbank,
        string cycle = "T1",
        long? sameDayQuotaMinor = null,
        LedgerPolicy? policy = null)
    {
        var harness = new LedgerHarness(policy);
        harness.Execute(new ConfigureAccountCommand(Mid, accountType, destination, cycle, sameDayQuotaMinor));
        return harness;
    }

    /// <summary>
    /// A capture with sensible defaults: clearing date = local date, value date = next day, a card token of
    /// its own (so the repeated-card rule only fires where a test means it to).
    /// </summary>
    public static CaptureSaleCommand Capture(
        string transactionId,
        long amountMinor = 10_000,
        long feeMinor = 60,
        DateTime? localTime = null,
        DateOnly? clearingDate = null,
        DateOnly? valueDate = null,
        string? cardToken = null,
        CardType cardType = CardType.Credit)
    {
        var time = localTime ?? Noon;
        var clearing = clearingDate ?? DateOnly.FromDateTime(time);
        return new(Mid, transactionId, amountMinor, feeMinor, cardType, cardToken ?? $"tok_{transactionId}", time, clearing, valueDate ?? clearing.AddDays(1));
    }

    public static SettleCommand Settle(DateOnly runDate) => new(Mid, runDate, runDate.ToDateTime(new TimeOnly(18, 0)));

    public static string Snapshot(MerchantLedgerState state) => JsonSerializer.Serialize(state);

    public LedgerOutcome Execute(LedgerCommand command) => Run(s => MerchantLedgerDecider.Decide(s, command, Policy));

    public T Execute<T>(LedgerCommand command)
        where T : LedgerOutcome => (T)Execute(command);

    public T Run<T>(Func<MerchantLedgerState, T> decide)
        where T : LedgerOutcome
    {
        var before = Snapshot(State);
        var outcome = decide(State);
        Assert.Equal(before, Snapshot(State));
        foreach (var ledgerEvent in outcome.Events)
        {
            Assert.True(RecordIds.Add(ledgerEvent.RecordId), $"duplicate record id {ledgerEvent.RecordId}");
            State.Apply(ledgerEvent);
            Journal.Add(ledgerEvent);
            LedgerConservation.Require(State);
        }

        return outcome;
    }
}
