using AcquirerEngine.Domain.Terminals;
using static AcquirerEngine.Domain.Tests.Terminals.TerminalHarness;

namespace AcquirerEngine.Domain.Tests.Terminals;

public sealed class RefundDecisionTests
{
    private static readonly DateOnly SaleDate = DateOnly.FromDateTime(SaleTime);

    /// <summary>Sale stan 5 of 10,000 approved in batch 1, batch 1 closed; batch 2 open.</summary>
    private static TerminalHarness SettledSale(long amountMinor = 10_000)
    {
        var terminal = TerminalHarness.SignedOn();
        terminal.Run(Sale(stan: 5, amountMinor: amountMinor));
        Assert.Equal(SettleBatchResult.Balanced, terminal.CloseOpenBatch().Result);
        return terminal;
    }

    [Fact]
    public void Refunded_Partial_RecordsEventAndUpdatesOriginal()
    {
        var terminal = SettledSale();

        var outcome = terminal.Run(Refund(5, 3_000, stan: 1));

        Assert.Equal(RefundResult.Refunded, outcome.Result);
        Assert.Equal(7_000, outcome.RefundableRemainingMinor);
        Assert.Equal(2u, outcome.OpenBatchNo);
        var refunded = Assert.IsType<SaleRefunded>(Assert.Single(outcome.Events));
        Assert.Equal($"refund:{Mid}:{Tid}:000002:000001:2026-10-01", refunded.RecordId);
        Assert.Equal((1u, 5u, SaleDate), (refunded.OriginalBatchNo, refunded.OriginalStan, refunded.OriginalLocalDate));
        Assert.Equal("CNY", refunded.Currency);
        Assert.Equal(outcome.Rrn, refunded.Rrn);
        Assert.Equal(RetrievalReferenceNumber.From(SaleTime.AddDays(1), 1), outcome.Rrn);
        Assert.Equal(3_000, terminal.State.FindSale(1, 5, SaleDate)!.RefundedMinor);
    }

    [Fact]
    public void Refunded_MultipleUpToTheOriginal_ThenExceedsRefundableWithRemaining()
    {
        var terminal = SettledSale();
        Assert.Equal(RefundResult.Refunded, terminal.Run(Refund(5, 4_000, stan: 1)).Result);
        Assert.Equal(RefundResult.Refunded, terminal.Run(Refund(5, 5_000, stan: 2)).Result);

        var over = terminal.Run(Refund(5, 1_001, stan: 3));
        Assert.Equal(RefundResult.ExceedsRefundable, over.Result);
        Assert.Equal(1_000, over.RefundableRemainingMinor);
        Assert.Empty(over.Events);

        var last = terminal.Run(Refund(5, 1_000, stan: 3));
        Assert.Equal(RefundResult.Refunded, last.Result);
        Assert.Equal(0, last.RefundableRemainingMinor);
        Assert.Equal(RefundResult.ExceedsRefundable, terminal.Run(Refund(5, 1, stan: 4)).Result);
        Assert.Equal(10_000, terminal.State.FindSale(1, 5, SaleDate)!.RefundedMinor);
    }

    [Fact]
    public void ExceedsRefundable_SingleRefundAboveTheOriginal()
    {
        var terminal = SettledSale(5_000);
        var outcome = terminal.Run(Refund(5, 5_001, stan: 1));
        Assert.Equal(RefundResult.ExceedsRefundable, outcome.Result);
        Assert.Equal(5_000, outcome.RefundableRemainingMinor);
    }

    [Fact]
    public void DuplicateSameBody_ReturnsStoredReply_EvenAfterLaterRefundsAndBatchClose()
    {
        var terminal = SettledSale();
        var first = terminal.Run(Refund(5, 3_000, stan: 1));
        terminal.Run(Refund(5, 2_000, stan: 2));
        terminal.CloseOpenBatch();

        // The retry omits the optional original date: still the same refund.
        var retry = terminal.Run(Refund(5, 3_000, stan: 1));

        Assert.Equal(RefundResult.DuplicateSameBody, retry.Result);
        Assert.Equal(first.Rrn, retry.Rrn);
        Assert.Equal(7_000, retry.RefundableRemainingMinor);
        Assert.Empty(retry.Events);
        Assert.Equal(2, terminal.Journal.OfType<SaleRefunded>().Count());
        Assert.Equal(5_000, terminal.State.FindSale(1, 5, SaleDate)!.RefundedMinor);
    }

    [Fact]
    public void ConflictDifferentBody_SameIdentityOtherAmountOrTime_OrIdentityOfASale()
    {
        var terminal = SettledSale();
        terminal.Run(Refund(5, 3_000, stan: 1));

        Assert.Equal(RefundResult.ConflictDifferentBody, terminal.Run(Refund(5, 3_001, stan: 1)).Result);
        Assert.Equal(RefundResult.ConflictDifferentBody, terminal.Run(Refund(5, 3_000, stan: 1, localTime: SaleTime.AddDays(1).AddMinutes(1))).Result);
        Assert.Equal(RefundResult.ConflictDifferentBody, terminal.Run(Refund(5, 3_000, stan: 1, originalDate: SaleDate.AddDays(-1))).Result);

        // A sale in batch 2 took stan 7 on that date: a refund cannot reuse the identity, nor the reverse.
        terminal.Run(Sale(stan: 7, batchNo: 2, localTime: SaleTime.AddDays(1)));
        Assert.Equal(RefundResult.ConflictDifferentBody, terminal.Run(Refund(5, 1_000, stan: 7)).Result);
        Assert.Equal(SaleResult.ConflictDifferentBody, terminal.Run(Sale(stan: 1, batchNo: 2, localTime: SaleTime.AddDays(1))).Result);
        Assert.Equal(3_000, terminal.State.FindSale(1, 5, SaleDate)!.RefundedMinor);
    }

    [Fact]
    public void OriginalNotSettled_InTheOpenBatch_UseVoid()
    {
        var terminal = TerminalHarness.SignedOn();
        terminal.Run(Sale(stan: 5));

        var outcome = terminal.Run(Refund(5, 1_000, stan: 6, batchNo: 1, localTime: SaleTime));

        Assert.Equal(RefundResult.OriginalNotSettled, outcome.Result);
        Assert.Empty(outcome.Events);
    }

    [Fact]
    public void OriginalNotRefundable_VoidedReversedOrDeclined()
    {
        var terminal = TerminalHarness.SignedOn(new TerminalPolicy { PerSaleLimitMinor = 50_000 });
        terminal.Run(Sale(stan: 1));
        terminal.Run(Sale(stan: 2));
        terminal.Run(Sale(stan: 3, amountMinor: 60_000));
        terminal.Run(Void(1, 10_000, voidStan: 4));
        terminal.Run(Reverse(2));
        terminal.CloseOpenBatch();

        foreach (var stan in new uint[] { 1, 2, 3 })
        {
            var outcome = terminal.Run(Refund(stan, 1_000, stan: 10 + stan));
            Assert.Equal(RefundResult.OriginalNotRefundable, outcome.Result);
            Assert.Equal(0, outcome.RefundableRemainingMinor);
        }
    }

    [Fact]
    public void Rejections_NotFound_BatchNotOpen_NotSignedOn_Caller()
    {
        var terminal = SettledSale();
        Assert.Equal(RefundResult.OriginalNotFound, terminal.Run(Refund(6, 1_000, stan: 1)).Result);
        Assert.Equal(RefundResult.OriginalNotFound, terminal.Run(Refund(5, 1_000, stan: 1, originalDate: SaleDate.AddDays(1))).Result);

        var wrongBatch = terminal.Run(Refund(5, 1_000, stan: 1, batchNo: 1));
        Assert.Equal(RefundResult.BatchNotOpen, wrongBatch.Result);
        Assert.Equal(2u, wrongBatch.OpenBatchNo);

        terminal.Run(new SignOffCommand(Mid, Tid));
        Assert.Equal(RefundResult.NotSignedOn, terminal.Run(Refund(5, 1_000, stan: 1)).Result);

        var other = new RefundCommand(new OriginalSaleKey("OTHER", Tid, 1, 5, null), 2, 1, 1_000, SaleTime);
        Assert.Equal(RefundResult.MerchantMismatch, terminal.Run(other).Result);
        Assert.Equal(RefundResult.NotRegistered, new TerminalHarness().Run(Refund(5, 1_000)).Result);
        Assert.Empty(terminal.Journal.OfType<SaleRefunded>());
    }

    [Fact]
    public void Refund_AppearsInItsOwnBatch_AsTransactionAndInTotals()
    {
        var terminal = SettledSale();
        terminal.Run(Refund(5, 2_500, stan: 1));
        terminal.Run(Sale(stan: 2, amountMinor: 4_000, batchNo: 2, localTime: SaleTime.AddDays(1)));

        var totals = Assert.Single(TerminalQueries.ComputeBatchTotals(terminal.State, 2));
        Assert.Equal((1, 4_000L, 1, 2_500L), (totals.SaleCount, totals.SaleAmountMinor, totals.RefundCount, totals.RefundAmountMinor));
        Assert.Equal(new BatchSettlementTotals(1, 4_000, 1, 2_500), TerminalQueries.ComputeSettlementTotals(terminal.State, 2));
        // The original's batch totals are what settled: the refund does not rewrite them.
        Assert.Equal(new BatchSettlementTotals(1, 10_000, 0, 0), TerminalQueries.ComputeSettlementTotals(terminal.State, 1));

        var listed = TerminalQueries.ListBatch(terminal.State, 2);
        Assert.Equal([TransactionKind.Refund, TransactionKind.Sale], listed.Select(v => v.Kind));
        var view = TerminalQueries.FindTransaction(terminal.State, Key(1, 2))!;
        Assert.Equal(TransactionKind.Refund, view.Kind);
        Assert.Equal(TransactionStatus.Approved, view.Status);
        Assert.Equal(2_500, view.AmountMinor);
        Assert.Equal(Key(5, 1, SaleDate), view.Original);
        Assert.Equal(2_500, TerminalQueries.FindTransaction(terminal.State, Key(5))!.RefundedMinor);

        // The batch with the refund settles with the refund in its totals.
        var settle = terminal.Run(Settle(2, new BatchSettlementTotals(1, 4_000, 1, 2_500)));
        Assert.Equal(SettleBatchResult.Balanced, settle.Result);
    }

    [Fact]
    public void ReversedBeforeArrival_ARefundOvertakenByItsOwnReversal_IsNotPaid()
    {
        var terminal = SettledSale();
        // The terminal timed out on refund (batch 2, stan 1) and reversed it; the 0400 arrived first.
        Assert.Equal(ReverseResult.OrphanRecorded, terminal.Run(Reverse(1, batchNo: 2)).Result);

        var late = terminal.Run(Refund(5, 3_000, stan: 1));

        Assert.Equal(RefundResult.ReversedBeforeArrival, late.Result);
        Assert.Empty(late.Events);
        Assert.Equal(0, terminal.State.FindSale(1, 5, SaleDate)!.RefundedMinor);
    }
}
