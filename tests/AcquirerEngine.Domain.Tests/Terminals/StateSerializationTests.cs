using System.Text.Json;
using AcquirerEngine.Domain.Terminals;
using static AcquirerEngine.Domain.Tests.Terminals.TerminalHarness;

namespace AcquirerEngine.Domain.Tests.Terminals;

public sealed class StateSerializationTests
{
    private static TerminalHarness BusyTerminal()
    {
        var terminal = TerminalHarness.SignedOn(new TerminalPolicy { PerSaleLimitMinor = 50_000 });
        terminal.Run(Sale(stan: 1, amountMinor: 1_000));
        terminal.Run(Sale(stan: 2, amountMinor: 2_000, cardType: CardType.Credit));
        terminal.Run(Sale(stan: 3, amountMinor: 90_000));
        terminal.Run(Void(1, 1_000, voidStan: 4));
        terminal.Run(Reverse(2));
        terminal.Run(Reverse(99));
        terminal.Run(Reverse(98, localDate: new DateOnly(2026, 9, 29)));
        terminal.Run(new SignOffCommand(Mid, Tid));
        terminal.Run(new SignOnCommand(Mid, Tid));
        return terminal;
    }

    [Fact]
    public void State_RoundTripsThroughSystemTextJson()
    {
        var terminal = BusyTerminal();
        var json = JsonSerializer.Serialize(terminal.State);

        var restored = JsonSerializer.Deserialize<TerminalState>(json)!;

        Assert.Equal(json, JsonSerializer.Serialize(restored));
        Assert.Equal(Mid, restored.MerchantId);
        Assert.True(restored.SignedOn);
        Assert.Equal(2u, restored.SessionCount);
        Assert.Equal(3, restored.Sales.Count);
        Assert.Equal(2, restored.OrphanReversals.Count);
        var sale = restored.FindSale(1, 1, new DateOnly(2026, 9, 30))!;
        Assert.Equal(TransactionStatus.Voided, sale.Status);
        Assert.Equal(DateTimeKind.Unspecified, sale.LocalTime.Kind);
        Assert.Equal(SaleTime, sale.LocalTime);
        // The restored state keeps deciding the same way.
        Assert.Equal(SaleResult.DuplicateSameBody, TerminalDecider.Decide(restored, Sale(stan: 2, amountMinor: 2_000, cardType: CardType.Credit), TerminalPolicy.Default).Result);
    }

    [Fact]
    public void ReplayingTheJournal_RebuildsTheLiveState()
    {
        var terminal = BusyTerminal();

        var rebuilt = TerminalState.Replay(terminal.Journal);

        Assert.Equal(Snapshot(terminal.State), Snapshot(rebuilt));
    }

    [Fact]
    public void Events_RoundTripPolymorphically_WithStableDiscriminators()
    {
        var terminal = BusyTerminal();

        var json = JsonSerializer.Serialize<IReadOnlyList<TerminalEvent>>(terminal.Journal);
        var restored = JsonSerializer.Deserialize<List<TerminalEvent>>(json)!;

        Assert.Equal(terminal.Journal, restored);
        Assert.Contains("\"$event\":\"sale-approved\"", json, StringComparison.Ordinal);
        Assert.Contains("\"$event\":\"orphan-reversal-recorded\"", json, StringComparison.Ordinal);
        Assert.Equal(Snapshot(terminal.State), Snapshot(TerminalState.Replay(restored)));
    }

    [Fact]
    public void RecordIds_AreUniqueAcrossTheJournal()
    {
        var terminal = BusyTerminal();
        Assert.Equal(terminal.Journal.Count, terminal.Journal.Select(e => e.RecordId).Distinct().Count());
    }
}
