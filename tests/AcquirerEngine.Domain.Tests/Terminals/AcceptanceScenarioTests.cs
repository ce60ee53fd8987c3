using AcquirerEngine.Domain.Terminals;
using static AcquirerEngine.Domain.Tests.Terminals.TerminalHarness;

namespace AcquirerEngine.Domain.Tests.Terminals;

/// <summary>The terminal-only halves of the acceptance scenarios in SETTLEMENT-RULES.md.</summary>
public sealed class AcceptanceScenarioTests
{
    private static readonly DateOnly SaleDate = DateOnly.FromDateTime(SaleTime);

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
    public void Scenario12_WrongAmount_VoidSameDay_AfterBatchClosedRefund900()
    {
        // Same day: 1,000.00 CNY keyed instead of 100.00, noticed before the batch closed.
        var terminal = TerminalHarness.SignedOn();
        terminal.Run(Sale(stan: 12, amountMinor: 100_000));

        // A void must be for the full, wrong amount: voiding "the difference" is refused.
        Assert.Equal(VoidResult.AmountMismatch, terminal.Run(Void(12, 90_000, voidStan: 13)).Result);
        Assert.Equal(VoidResult.Voided, terminal.Run(Void(12, 100_000, voidStan: 13)).Result);

        // The correct sale is keyed again with the next STAN.
        Assert.Equal(SaleResult.Approved, terminal.Run(Sale(stan: 14, amountMinor: 10_000)).Result);
        var totals = Totals(terminal);
        Assert.Equal(1, totals.SaleCount);
        Assert.Equal(10_000, totals.SaleAmountMinor);
        Assert.Equal(100_000, totals.VoidedAmountMinor);

        // Noticed only after the batch closed: the sale is settled, so a void is refused (R6) ...
        var late = TerminalHarness.SignedOn();
        late.Run(Sale(stan: 12, amountMinor: 100_000));
        Assert.Equal(SettleBatchResult.Balanced, late.CloseOpenBatch().Result);
        Assert.Equal(VoidResult.NotInOpenBatch, late.Run(Void(12, 100_000, voidStan: 13)).Result);

        // ... and a refund of 900.00 in the new batch returns the difference, leaving 100.00 charged.
        var refund = late.Run(Refund(12, 90_000, stan: 1, batchNo: 2));
        Assert.Equal(RefundResult.Refunded, refund.Result);
        Assert.Equal(10_000, refund.RefundableRemainingMinor);
        var original = TerminalQueries.FindTransaction(late.State, Key(12))!;
        Assert.Equal(TransactionStatus.Approved, original.Status);
        Assert.Equal(90_000, original.RefundedMinor);
        Assert.Equal(100_000 - 90_000, original.AmountMinor - original.RefundedMinor);
        var newBatch = Totals(late);
        Assert.Equal(2u, newBatch.BatchNo);
        Assert.Equal(1, newBatch.RefundCount);
        Assert.Equal(90_000, newBatch.RefundAmountMinor);
        Assert.Equal(0, newBatch.SaleCount);
    }

    [Fact]
    public void Scenario13_BatchOpenTenDays_OnlineSalesStillApproved_AlertBatchOpenTooLong()
    {
        var opened = new DateTime(2026, 9, 1, 8, 0, 0, DateTimeKind.Unspecified);
        var terminal = new TerminalHarness();
        terminal.Execute(new RegisterTerminalCommand(Mid, Tid));
        terminal.Run(new SignOnCommand(Mid, Tid, opened));
        terminal.Run(Sale(stan: 1, amountMinor: 5_000, localTime: opened.AddHours(1)));

        // Ten days later the batch is still open: sales keep being approved, the money is not held back.
        var tenDaysLater = opened.AddDays(10);
        var sale = terminal.Run(Sale(stan: 2, amountMinor: 7_000, localTime: tenDaysLater));
        Assert.Equal(SaleResult.Approved, sale.Result);
        Assert.Equal(1u, sale.OpenBatchNo);
        Assert.Equal(2, Totals(terminal).SaleCount);

        // The operator is alerted instead.
        Assert.Equal(opened, TerminalQueries.OpenBatchStartedAt(terminal.State));
        Assert.Equal(TimeSpan.FromDays(10), TerminalQueries.OpenBatchAge(terminal.State, tenDaysLater));
        Assert.True(TerminalQueries.IsBatchOpenTooLong(terminal.State, tenDaysLater, maxDays: 7));
        Assert.False(TerminalQueries.IsBatchOpenTooLong(terminal.State, opened.AddDays(3), maxDays: 7));

        // Once the batch settles, the new batch is young again and the alert clears.
        terminal.CloseOpenBatch(tenDaysLater.AddHours(1));
        Assert.Equal(TimeSpan.FromHours(1), TerminalQueries.OpenBatchAge(terminal.State, tenDaysLater.AddHours(2)));
        Assert.False(TerminalQueries.IsBatchOpenTooLong(terminal.State, tenDaysLater.AddDays(30), maxDays: 7));
    }

    [Fact]
    public void Scenario14_BatchSettleWithMismatchedTotals_UploadRequired_BatchStaysOpenUntilReconciled()
    {
        var terminal = TerminalHarness.SignedOn();
        terminal.Run(Sale(stan: 1, amountMinor: 10_000));
        terminal.Run(Sale(stan: 2, amountMinor: 20_000));
        // The terminal lost sale 2 and invented sale 3 (e.g. a reset memory and a sale it never sent).
        var terminalTotals = new BatchSettlementTotals(2, 10_000 + 5_000, 0, 0);

        var settle = terminal.Run(Settle(1, terminalTotals));
        Assert.Equal(SettleBatchResult.UploadRequired, settle.Result);
        Assert.False(settle.Balanced);
        Assert.True(settle.UploadRequired);
        Assert.Equal(new BatchSettlementTotals(2, 30_000, 0, 0), settle.HostTotals);
        Assert.Equal(1u, settle.NextBatchNo);
        Assert.IsType<BatchUploadRequired>(Assert.Single(settle.Events));

        // The batch stays open: sales are still taken in it, and a repeated 0500 records nothing new.
        Assert.Equal(1u, terminal.State.CurrentBatchNo);
        Assert.Equal(SaleResult.Approved, terminal.Run(Sale(stan: 4, amountMinor: 1_000)).Result);
        var repeat = terminal.Run(Settle(1, terminalTotals));
        Assert.Equal(SettleBatchResult.UploadRequired, repeat.Result);
        Assert.Empty(repeat.Events);

        // The upload is reconciled: the host is the truth for money.
        var upload = terminal.Run(Upload(1, [Record(1, 10_000), Record(3, 5_000), Record(4, 1_000)]));
        Assert.Equal(UploadBatchResult.Closed, upload.Result);
        Assert.True(upload.IsClosed);
        Assert.Equal(2u, upload.NextBatchNo);
        Assert.Equal(new BatchSettlementTotals(3, 31_000, 0, 0), upload.HostTotals);
        Assert.Collection(
            upload.Discrepancies,
            d => Assert.Equal((BatchDiscrepancyKind.MissingOnTerminal, 2u, 20_000L), (d.Kind, d.Stan, d.HostAmountMinor)),
            d => Assert.Equal((BatchDiscrepancyKind.UnknownToHost, 3u, 5_000L), (d.Kind, d.Stan, d.TerminalRecord!.AmountMinor)));
        // The unknown record moved no money and did not become a sale.
        Assert.Null(terminal.State.FindSale(1, 3, SaleDate));
        var closed = Assert.IsType<BatchClosed>(Assert.Single(upload.Events));
        Assert.True(closed.ByUpload);
        Assert.Equal(terminalTotals, closed.TerminalTotals);
        Assert.Equal(2u, terminal.State.CurrentBatchNo);
        Assert.Equal(SaleResult.BatchNotOpen, terminal.Run(Sale(stan: 5, batchNo: 1)).Result);
    }
}
