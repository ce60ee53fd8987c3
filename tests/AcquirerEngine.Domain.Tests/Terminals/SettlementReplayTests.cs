using System.Text.Json;
using AcquirerEngine.Domain.Terminals;
using static AcquirerEngine.Domain.Tests.Terminals.TerminalHarness;

namespace AcquirerEngine.Domain.Tests.Terminals;

/// <summary>The settlement events replay and round-trip like the rest of the journal.</summary>
public sealed class SettlementReplayTests
{
    /// <summary>Every event type: sales, void, reversal, orphan, balanced close, refunds, mismatch, upload close.</summary>
    private static TerminalHarness SettledTerminal()
    {
        var terminal = new TerminalHarness(new TerminalPolicy { PerSaleLimitMinor = 50_000 });
        terminal.Execute(new RegisterTerminalCommand(Mid, Tid));
        terminal.Run(new SignOnCommand(Mid, Tid, HostTime.AddHours(-8)));
        terminal.Run(Sale(stan: 1, amountMinor: 1_000));
        terminal.Run(Sale(stan: 2, amountMinor: 2_000));
        terminal.Run(Sale(stan: 3, amountMinor: 90_000));
        terminal.Run(Sale(stan: 4, amountMinor: 4_000));
        terminal.Run(Void(1, 1_000, voidStan: 5));
        terminal.Run(Reverse(2));
        terminal.Run(Reverse(99));
        terminal.CloseOpenBatch();
        terminal.Run(Refund(4, 1_500, stan: 1));
        terminal.Run(Refund(4, 500, stan: 2));
        terminal.Run(Sale(stan: 3, batchNo: 2, amountMinor: 3_000, localTime: SaleTime.AddDays(1)));
        terminal.Run(Settle(2, new BatchSettlementTotals(1, 3_000, 1, 1_500)));
        terminal.Run(Upload(2, [Record(3, 3_000, SaleTime.AddDays(1)), Record(4, 400, SaleTime.AddDays(1))], HostTime.AddDays(1)));
        terminal.Run(new SignOffCommand(Mid, Tid));
        terminal.Run(new SignOnCommand(Mid, Tid, HostTime.AddDays(2)));
        return terminal;
    }

    [Fact]
    public void ReplayingTheJournal_RebuildsTheLiveState()
    {
        var terminal = SettledTerminal();
        Assert.Equal(3u, terminal.State.CurrentBatchNo);
        Assert.Equal(2, terminal.State.ClosedBatchCount);

        var rebuilt = TerminalState.Replay(terminal.Journal);

        Assert.Equal(Snapshot(terminal.State), Snapshot(rebuilt));
    }

    [Fact]
    public void Events_RoundTripPolymorphically_WithStableDiscriminators_AndReplayIdentically()
    {
        var terminal = SettledTerminal();

        var json = JsonSerializer.Serialize<IReadOnlyList<TerminalEvent>>(terminal.Journal);
        var restored = JsonSerializer.Deserialize<List<TerminalEvent>>(json)!;

        Assert.Equal(terminal.Journal, restored);
        Assert.Contains("\"$event\":\"sale-refunded\"", json, StringComparison.Ordinal);
        Assert.Contains("\"$event\":\"batch-upload-required\"", json, StringComparison.Ordinal);
        Assert.Contains("\"$event\":\"batch-closed\"", json, StringComparison.Ordinal);
        Assert.Equal(Snapshot(terminal.State), Snapshot(TerminalState.Replay(restored)));
        Assert.Equal(terminal.Journal.Count, terminal.Journal.Select(e => e.RecordId).Distinct().Count());
    }

    [Fact]
    public void State_RoundTripsThroughSystemTextJson_AndKeepsDecidingTheSameWay()
    {
        var terminal = SettledTerminal();
        var json = Snapshot(terminal.State);

        var restored = JsonSerializer.Deserialize<TerminalState>(json)!;

        Assert.Equal(json, Snapshot(restored));
        Assert.Equal(RefundResult.DuplicateSameBody, TerminalDecider.Decide(restored, Refund(4, 1_500, stan: 1)).Result);
        Assert.Equal(UploadBatchResult.AlreadyClosed, TerminalDecider.Decide(restored, Upload(2, [])).Result);
        Assert.Equal(BatchDiscrepancyKind.UnknownToHost, Assert.Single(restored.FindClosedBatch(2)!.Discrepancies).Kind);
    }

    [Fact]
    public void SignOnWrittenBeforeBatchSettlement_ReadsBackWithoutHostTime()
    {
        // The journal format of a sign-on before this version: no HostLocalTime property at all.
        const string legacy = "{\"$event\":\"terminal-signed-on\",\"SessionNo\":1,\"BatchNo\":1,\"MerchantId\":\"898310048161234\",\"TerminalId\":\"T0000001\",\"RecordId\":\"signon:898310048161234:T0000001:1\"}";

        var signedOn = Assert.IsType<TerminalSignedOn>(JsonSerializer.Deserialize<TerminalEvent>(legacy));

        Assert.Null(signedOn.HostLocalTime);
        Assert.Equal("signon:898310048161234:T0000001:1", signedOn.RecordId);
        var state = TerminalState.Replay([new TerminalRegistered(Mid, Tid), signedOn]);
        Assert.True(state.SignedOn);
        Assert.Null(state.CurrentBatchOpenedAt);
    }

    [Fact]
    public void Apply_RefusesACloseWhoseTotalsDisagreeWithTheBatch()
    {
        var terminal = TerminalHarness.SignedOn();
        terminal.Run(Sale(stan: 1, amountMinor: 1_000));
        var forged = new BatchClosed(Mid, Tid, 1, 2, 1, HostTime, new BatchSettlementTotals(1, 999, 0, 0), BatchSettlementTotals.Zero, false, []);

        Assert.Throws<InvariantViolationException>(() => terminal.State.Apply(forged));
    }
}
