using AcquirerEngine.Domain.Terminals;
using static AcquirerEngine.Domain.Tests.Terminals.TerminalHarness;

namespace AcquirerEngine.Domain.Tests.Terminals;

/// <summary>The terminal-only halves of the acceptance scenarios in SETTLEMENT-RULES.md.</summary>
public sealed class AcceptanceScenarioTests
{
    private static BatchTotals Totals(TerminalHarness terminal) =>
        Assert.Single(TerminalQueries.ComputeBatchTotals(terminal.State, terminal.State.CurrentBatchNo));

    [Fact]
    public void Scenario10_ResponseLost_ReversalReversesMoney_DuplicateReversalChangesNothing_UnknownStanMovesNoMoney()
    {
        var terminal = TerminalHarness.SignedOn();
        // The sale is approved, but the terminal never hears the answer.
        var lost = terminal.Run(Sale(stan: 10, amountMinor: 25_000));
        Assert.Equal(SaleResult.Approved, lost.Result);
        Assert.Equal(25_000, Totals(terminal).SaleAmountMinor);

        // The terminal times out and reverses: money returned.
        var reversal = terminal.Run(Reverse(10));
        Assert.Equal(ReverseResult.Reversed, reversal.Result);
        Assert.Equal(0, Totals(terminal).SaleAmountMinor);
        Assert.Equal(25_000, Totals(terminal).ReversedAmountMinor);

        // The reversal is sent again: nothing changes.
        var journalLength = terminal.Journal.Count;
        var duplicate = terminal.Run(Reverse(10));
        Assert.Equal(ReverseResult.AlreadyReversed, duplicate.Result);
        Assert.True(duplicate.IsDuplicate);
        Assert.Equal(journalLength, terminal.Journal.Count);
        Assert.Equal(0, Totals(terminal).SaleAmountMinor);

        // A reversal for a STAN the host never saw: recorded, no money moves.
        var before = Totals(terminal);
        var orphan = terminal.Run(Reverse(11));
        Assert.Equal(ReverseResult.OrphanRecorded, orphan.Result);
        Assert.Equal(before, Totals(terminal));
        var view = TerminalQueries.FindTransaction(terminal.State, Key(11))!;
        Assert.Equal(TransactionKind.OrphanReversal, view.Kind);
        Assert.Equal(TransactionStatus.NoEffect, view.Status);
        Assert.Equal(0, view.AmountMinor);
    }

    [Fact]
    public void Scenario11_DuplicateSale_SameResponse_OneDebit()
    {
        var terminal = TerminalHarness.SignedOn();

        var first = terminal.Run(Sale(stan: 11, amountMinor: 6_600));
        var second = terminal.Run(Sale(stan: 11, amountMinor: 6_600));

        Assert.Equal(SaleResult.Approved, first.Result);
        Assert.Equal(SaleResult.DuplicateSameBody, second.Result);
        Assert.Equal(first.Reply, second.Reply);
        Assert.Single(terminal.Journal.OfType<SaleApproved>());
        var totals = Totals(terminal);
        Assert.Equal(1, totals.SaleCount);
        Assert.Equal(6_600, totals.SaleAmountMinor);
    }

    [Fact]
    public void Scenario12_WrongAmount_VoidSameDay()
    {
        var terminal = TerminalHarness.SignedOn();
        // 1,000.00 CNY keyed instead of 100.00.
        terminal.Run(Sale(stan: 12, amountMinor: 100_000));

        // A void must be for the full, wrong amount: voiding "the difference" is refused.
        Assert.Equal(VoidResult.AmountMismatch, terminal.Run(Void(12, 90_000, voidStan: 13)).Result);
        var voided = terminal.Run(Void(12, 100_000, voidStan: 13));
        Assert.Equal(VoidResult.Voided, voided.Result);

        // The correct sale is keyed again with the next STAN.
        Assert.Equal(SaleResult.Approved, terminal.Run(Sale(stan: 14, amountMinor: 10_000)).Result);
        var totals = Totals(terminal);
        Assert.Equal(1, totals.SaleCount);
        Assert.Equal(10_000, totals.SaleAmountMinor);
        Assert.Equal(100_000, totals.VoidedAmountMinor);
        // The after-batch-close half (refund 900) arrives with batch settlement.
    }
}
