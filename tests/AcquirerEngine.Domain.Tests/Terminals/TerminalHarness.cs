using System.Text.Json;
using AcquirerEngine.Domain.Money;
using AcquirerEngine.Domain.Terminals;

namespace AcquirerEngine.Domain.Tests.Terminals;

/// <summary>
/// Plays the grain's part in tests: decide, check the decision did not touch the state, append the events
/// to an in-memory journal (refusing duplicate record ids like the store), apply them.
/// </summary>
internal sealed class TerminalHarness
{
    public const string Mid = "898310048161234";
    public const string Tid = "T0000001";
    public static readonly DateTime SaleTime = new(2026, 9, 30, 22, 30, 0, DateTimeKind.Unspecified);
    public static readonly DateTime HostTime = new(2026, 9, 30, 22, 45, 0, DateTimeKind.Unspecified);

    public TerminalHarness(TerminalPolicy? policy = null)
    {
        Policy = policy ?? TerminalPolicy.Default;
    }

    public TerminalPolicy Policy { get; }

    public TerminalState State { get; } = new();

    public List<TerminalEvent> Journal { get; } = [];

    /// <summary>A terminal registered to <see cref="Mid"/> and signed on to batch 1.</summary>
    public static TerminalHarness SignedOn(TerminalPolicy? policy = null)
    {
        var harness = new TerminalHarness(policy);
        harness.Execute(new RegisterTerminalCommand(Mid, Tid));
        harness.Execute(new SignOnCommand(Mid, Tid));
        return harness;
    }

    public static SaleCommand Sale(
        uint stan = 1,
        long amountMinor = 10_000,
        uint batchNo = 1,
        DateTime? localTime = null,
        string cardToken = "tok_4f9a2c",
        CardType cardType = CardType.Debit,
        Currency? currency = null) =>
        new(Mid, Tid, batchNo, stan, amountMinor, currency ?? Iso4217.Cny, cardType, cardToken, localTime ?? SaleTime);

    public static OriginalSaleKey Key(uint stan, uint batchNo = 1, DateOnly? localDate = null) =>
        new(Mid, Tid, batchNo, stan, localDate);

    public static VoidCommand Void(uint originalStan, long amountMinor, uint voidStan = 900, DateOnly? localDate = null) =>
        new(Key(originalStan, 1, localDate), voidStan, amountMinor, HostTime);

    public static ReverseCommand Reverse(uint originalStan, uint batchNo = 1, DateOnly? localDate = null) =>
        new(Key(originalStan, batchNo, localDate));

    /// <summary>A refund made on <see cref="SaleTime"/> + 1 day (after a close) unless told otherwise.</summary>
    public static RefundCommand Refund(
        uint originalStan,
        long amountMinor,
        uint stan = 500,
        uint batchNo = 2,
        uint originalBatchNo = 1,
        DateTime? localTime = null,
        DateOnly? originalDate = null) =>
        new(Key(originalStan, originalBatchNo, originalDate), batchNo, stan, amountMinor, localTime ?? SaleTime.AddDays(1));

    public static SettleBatchCommand Settle(uint batchNo, BatchSettlementTotals totals, DateTime? hostLocalTime = null) =>
        new(Mid, Tid, batchNo, totals, hostLocalTime ?? HostTime);

    public static UploadBatchCommand Upload(uint batchNo, IReadOnlyList<UploadedSaleRecord> records, DateTime? hostLocalTime = null) =>
        new(Mid, Tid, batchNo, records, hostLocalTime ?? HostTime);

    /// <summary>The record a terminal would upload for <see cref="Sale"/> with the same arguments.</summary>
    public static UploadedSaleRecord Record(
        uint stan,
        long amountMinor = 10_000,
        DateTime? localTime = null,
        string cardToken = "tok_4f9a2c",
        CardType cardType = CardType.Debit) =>
        new(stan, amountMinor, "CNY", cardType, cardToken, localTime ?? SaleTime);

    /// <summary>Settles the open batch with the host's own totals (a balanced 0500).</summary>
    public SettleBatchOutcome CloseOpenBatch(DateTime? hostLocalTime = null) =>
        Run(Settle(State.CurrentBatchNo, TerminalQueries.ComputeSettlementTotals(State, State.CurrentBatchNo), hostLocalTime));

    public TerminalOutcome Execute(TerminalCommand command) => Run(s => TerminalDecider.Decide(s, command, Policy));

    public SaleOutcome Run(SaleCommand command) => Run(s => TerminalDecider.Decide(s, command, Policy));

    public VoidOutcome Run(VoidCommand command) => Run(s => TerminalDecider.Decide(s, command));

    public ReverseOutcome Run(ReverseCommand command) => Run(s => TerminalDecider.Decide(s, command));

    public RefundOutcome Run(RefundCommand command) => Run(s => TerminalDecider.Decide(s, command));

    public SettleBatchOutcome Run(SettleBatchCommand command) => Run(s => TerminalDecider.Decide(s, command));

    public UploadBatchOutcome Run(UploadBatchCommand command) => Run(s => TerminalDecider.Decide(s, command));

    public SignOnOutcome Run(SignOnCommand command) => Run(s => TerminalDecider.Decide(s, command));

    public SignOffOutcome Run(SignOffCommand command) => Run(s => TerminalDecider.Decide(s, command));

    public static string Snapshot(TerminalState state) => JsonSerializer.Serialize(state);

    private T Run<T>(Func<TerminalState, T> decide)
        where T : TerminalOutcome
    {
        var before = Snapshot(State);
        var outcome = decide(State);
        if (Snapshot(State) != before)
        {
            throw new InvalidOperationException("Decide mutated the state");
        }

        foreach (var terminalEvent in outcome.Events)
        {
            if (Journal.Any(e => e.RecordId == terminalEvent.RecordId))
            {
                throw new InvalidOperationException($"store refused duplicate record {terminalEvent.RecordId}");
            }

            Journal.Add(terminalEvent);
            State.Apply(terminalEvent);
        }

        return outcome;
    }
}
