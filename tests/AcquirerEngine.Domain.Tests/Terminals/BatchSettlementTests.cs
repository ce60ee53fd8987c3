using AcquirerEngine.Domain.Money;
using AcquirerEngine.Domain.Terminals;
using static AcquirerEngine.Domain.Tests.Terminals.TerminalHarness;

namespace AcquirerEngine.Domain.Tests.Terminals;

public sealed class BatchSettlementTests
{
    private static readonly DateOnly SaleDate = DateOnly.FromDateTime(SaleTime);

    private static TerminalHarness WithSales()
    {
        var terminal = TerminalHarness.SignedOn(new TerminalPolicy { PerSaleLimitMinor = 50_000 });
        terminal.Run(Sale(stan: 1, amountMinor: 1_000));
        terminal.Run(Sale(stan: 2, amountMinor: 2_000));
        terminal.Run(Sale(stan: 3, amountMinor: 3_000));
        terminal.Run(Sale(stan: 4, amountMinor: 60_000));
        terminal.Run(Void(1, 1_000, voidStan: 5));
        terminal.Run(Reverse(2));
        return terminal;
    }

    [Fact]
    public void Balanced_TotalsNetOfVoidsAndReversals_ClosesAndAdvances()
    {
        var terminal = WithSales();

        var outcome = terminal.Run(Settle(1, new BatchSettlementTotals(1, 3_000, 0, 0)));

        Assert.Equal(SettleBatchResult.Balanced, outcome.Result);
        Assert.True(outcome.Balanced);
        Assert.False(outcome.UploadRequired);
        Assert.Equal(2u, outcome.NextBatchNo);
        Assert.Equal(new BatchSettlementTotals(1, 3_000, 0, 0), outcome.HostTotals);
        var closed = Assert.IsType<BatchClosed>(Assert.Single(outcome.Events));
        Assert.Equal($"batch-closed:{Mid}:{Tid}:1:000001", closed.RecordId);
        Assert.Equal((1u, 2u, HostTime, false), (closed.BatchNo, closed.NextBatchNo, closed.CloseLocalTime, closed.ByUpload));
        Assert.Empty(closed.Discrepancies);
        Assert.Equal(2u, terminal.State.CurrentBatchNo);
        Assert.All(terminal.State.Sales.Values, s => Assert.True(s.Settled));
        Assert.Equal(HostTime, terminal.State.CurrentBatchOpenedAt);
    }

    [Fact]
    public void ClosedBatch_RefusesSalesVoidsAndReversals()
    {
        var terminal = WithSales();
        terminal.CloseOpenBatch();

        Assert.Equal(SaleResult.BatchNotOpen, terminal.Run(Sale(stan: 9, batchNo: 1)).Result);
        Assert.Equal(VoidResult.NotInOpenBatch, terminal.Run(Void(3, 3_000, voidStan: 9)).Result);
        Assert.Equal(ReverseResult.NotInOpenBatch, terminal.Run(Reverse(3)).Result);
        // A retry of a sale of the closed batch is still answered from the store.
        Assert.Equal(SaleResult.DuplicateSameBody, terminal.Run(Sale(stan: 3, amountMinor: 3_000)).Result);
        Assert.Equal(SaleResult.Approved, terminal.Run(Sale(stan: 9, batchNo: 2)).Result);
    }

    [Fact]
    public void Settle_Idempotent_RepeatReturnsStoredResult_NoEvent()
    {
        var terminal = WithSales();
        var first = terminal.CloseOpenBatch();
        terminal.Run(Sale(stan: 9, batchNo: 2));

        // Whatever totals the repeat carries: a closed batch cannot be reopened.
        foreach (var totals in new[] { new BatchSettlementTotals(1, 3_000, 0, 0), new BatchSettlementTotals(7, 70_000, 0, 0) })
        {
            var repeat = terminal.Run(Settle(1, totals));
            Assert.Equal(SettleBatchResult.AlreadyClosed, repeat.Result);
            Assert.True(repeat.Balanced);
            Assert.False(repeat.UploadRequired);
            Assert.Equal(first.HostTotals, repeat.HostTotals);
            Assert.Equal(2u, repeat.NextBatchNo);
            Assert.Empty(repeat.Events);
        }

        Assert.Single(terminal.Journal.OfType<BatchClosed>());
    }

    [Fact]
    public void EmptyBatch_SettlesWithZeroTotals()
    {
        var terminal = TerminalHarness.SignedOn();
        var outcome = terminal.Run(Settle(1, BatchSettlementTotals.Zero));
        Assert.Equal(SettleBatchResult.Balanced, outcome.Result);
        Assert.Equal(2u, terminal.State.CurrentBatchNo);
    }

    [Fact]
    public void Mismatch_UploadRequiredRecordedOnce_ThenMatchingTotalsStillClose()
    {
        var terminal = WithSales();

        var first = terminal.Run(Settle(1, new BatchSettlementTotals(2, 5_000, 0, 0)));
        var second = terminal.Run(Settle(1, new BatchSettlementTotals(3, 6_000, 0, 0)));

        Assert.Equal(SettleBatchResult.UploadRequired, first.Result);
        var required = Assert.IsType<BatchUploadRequired>(Assert.Single(first.Events));
        Assert.Equal($"batch-upload-required:{Mid}:{Tid}:1:000001", required.RecordId);
        Assert.Equal(new BatchSettlementTotals(2, 5_000, 0, 0), required.TerminalTotals);
        Assert.Equal(SettleBatchResult.UploadRequired, second.Result);
        Assert.Empty(second.Events);
        Assert.NotNull(terminal.State.PendingUpload);

        // The terminal found its error (e.g. re-read its journal) and sends the right totals: R9 closes.
        var balanced = terminal.Run(Settle(1, new BatchSettlementTotals(1, 3_000, 0, 0)));
        Assert.Equal(SettleBatchResult.Balanced, balanced.Result);
        Assert.Null(terminal.State.PendingUpload);
    }

    [Fact]
    public void MixedCurrencies_NeverBalancedBy0500_UploadRequired()
    {
        var terminal = TerminalHarness.SignedOn();
        terminal.Run(Sale(stan: 1, amountMinor: 1_000));
        terminal.Run(Sale(stan: 2, amountMinor: 2_000, currency: Iso4217.Usd));

        var outcome = terminal.Run(Settle(1, new BatchSettlementTotals(2, 3_000, 0, 0)));

        Assert.Equal(SettleBatchResult.UploadRequired, outcome.Result);
        Assert.Equal(new BatchSettlementTotals(2, 3_000, 0, 0), outcome.HostTotals);
    }

    [Fact]
    public void Settle_Rejections()
    {
        var terminal = WithSales();
        var unknown = terminal.Run(Settle(7, BatchSettlementTotals.Zero));
        Assert.Equal(SettleBatchResult.BatchNotOpen, unknown.Result);
        Assert.Equal(1u, unknown.NextBatchNo);

        terminal.Run(new SignOffCommand(Mid, Tid));
        Assert.Equal(SettleBatchResult.NotSignedOn, terminal.Run(Settle(1, BatchSettlementTotals.Zero)).Result);
        Assert.Equal(SettleBatchResult.MerchantMismatch, terminal.Run(new SettleBatchCommand("OTHER", Tid, 1, BatchSettlementTotals.Zero, HostTime)).Result);
        Assert.Equal(SettleBatchResult.NotRegistered, new TerminalHarness().Run(Settle(1, BatchSettlementTotals.Zero)).Result);
        Assert.Equal(1u, terminal.State.CurrentBatchNo);
    }

    [Fact]
    public void SignOffAndSignOn_AfterClose_ReturnTheNewBatch()
    {
        var terminal = WithSales();
        terminal.CloseOpenBatch();

        var signOff = terminal.Run(new SignOffCommand(Mid, Tid));
        Assert.Equal(SignOffResult.SignedOff, signOff.Result);
        Assert.Equal(2u, signOff.BatchNo);
        Assert.Equal(2u, Assert.IsType<TerminalSignedOff>(Assert.Single(signOff.Events)).BatchNo);
        Assert.Equal(2u, terminal.Run(new SignOnCommand(Mid, Tid)).BatchNo);
    }

    [Fact]
    public void BatchNumber_WrapsFrom999999To1()
    {
        var terminal = new TerminalHarness();
        terminal.Execute(new RegisterTerminalCommand(Mid, Tid));
        terminal.State.CurrentBatchNo = 999_999; // stands for 999,998 earlier closes
        terminal.Run(new SignOnCommand(Mid, Tid));
        terminal.Run(Sale(stan: 1, batchNo: 999_999));

        var outcome = terminal.CloseOpenBatch();

        Assert.Equal(1u, outcome.NextBatchNo);
        Assert.Equal(1u, terminal.State.CurrentBatchNo);
        Assert.Equal(1u, BatchNumbers.Next(999_999));
        Assert.Equal(2u, BatchNumbers.Next(1));
        Assert.Equal(SaleResult.Approved, terminal.Run(Sale(stan: 1, batchNo: 1)).Result);
        Assert.Equal(SettleBatchResult.AlreadyClosed, terminal.Run(Settle(999_999, BatchSettlementTotals.Zero)).Result);
    }

    [Fact]
    public void WrappedBatchNumber_DoesNotPickUpTheSettledEntriesOfItsNamesake()
    {
        var terminal = TerminalHarness.SignedOn();
        terminal.Run(Sale(stan: 1, amountMinor: 1_000));
        terminal.CloseOpenBatch();
        // Pretend 999,999 closes later the number comes round to 1 again.
        terminal.State.CurrentBatchNo = 1;

        Assert.Empty(TerminalQueries.ComputeBatchTotals(terminal.State, 1));
        Assert.Empty(TerminalQueries.ListBatch(terminal.State, 1));
        Assert.Equal(VoidResult.NotInOpenBatch, terminal.Run(Void(1, 1_000, voidStan: 2)).Result);
        Assert.Equal(RefundResult.Refunded, terminal.Run(Refund(1, 1_000, stan: 3, batchNo: 1)).Result);
    }

    [Fact]
    public void Upload_BeforeAnyMismatch_IsRefused()
    {
        var terminal = WithSales();
        var outcome = terminal.Run(Upload(1, [Record(3, 3_000)]));
        Assert.Equal(UploadBatchResult.UploadNotRequired, outcome.Result);
        Assert.False(outcome.IsClosed);
        Assert.Empty(outcome.Events);
    }

    [Fact]
    public void Upload_ReconcilesEveryKind_HostTotalsSettle_ThenIdempotent()
    {
        var terminal = WithSales();
        terminal.Run(Sale(stan: 6, amountMinor: 6_000));
        terminal.Run(Sale(stan: 7, amountMinor: 7_000));
        terminal.Run(Settle(1, new BatchSettlementTotals(9, 99_000, 0, 0)));
        var host = TerminalQueries.ComputeSettlementTotals(terminal.State, 1);
        Assert.Equal(new BatchSettlementTotals(3, 16_000, 0, 0), host);

        var records = new[]
        {
            Record(1, 1_000),                        // the host voided it
            Record(3, 3_000),                        // matches
            Record(6, 6_500),                        // different amount
            Record(8, 8_000),                        // never reached the host
            Record(8, 8_000, localTime: SaleTime.AddDays(1)), // same STAN, other date: another identity
        };
        var outcome = terminal.Run(Upload(1, records, HostTime.AddHours(1)));

        Assert.Equal(UploadBatchResult.Closed, outcome.Result);
        Assert.Equal(host, outcome.HostTotals);
        Assert.Equal(2u, outcome.NextBatchNo);
        Assert.Equal(
            [
                (BatchDiscrepancyKind.NotStandingOnHost, 1u, 1_000L, (TransactionStatus?)TransactionStatus.Voided),
                (BatchDiscrepancyKind.BodyMismatch, 6u, 6_000L, TransactionStatus.Approved),
                (BatchDiscrepancyKind.MissingOnTerminal, 7u, 7_000L, TransactionStatus.Approved),
                (BatchDiscrepancyKind.UnknownToHost, 8u, 0L, null),
                (BatchDiscrepancyKind.UnknownToHost, 8u, 0L, null),
            ],
            outcome.Discrepancies.Select(d => (d.Kind, d.Stan, d.HostAmountMinor, d.HostStatus)));
        Assert.Equal(6_500, outcome.Discrepancies[1].TerminalRecord!.AmountMinor);
        Assert.Null(outcome.Discrepancies[2].TerminalRecord);

        // Host truth: the money is exactly what the host held before the upload.
        Assert.Equal(6_000, terminal.State.FindSale(1, 6, SaleDate)!.AmountMinor);
        Assert.Equal(TransactionStatus.Approved, terminal.State.FindSale(1, 7, SaleDate)!.Status);
        Assert.Null(terminal.State.FindSale(1, 8, SaleDate));
        Assert.Equal(host, TerminalQueries.ComputeSettlementTotals(terminal.State, 1));
        var closed = terminal.State.FindClosedBatch(1)!;
        Assert.True(closed.ByUpload);
        Assert.Equal(outcome.Discrepancies, closed.Discrepancies);
        Assert.Equal(HostTime.AddHours(1), closed.ClosedAt);

        // Repeats, by upload or by 0500, return the stored close and change nothing.
        var repeat = terminal.Run(Upload(1, [Record(3, 3_000)]));
        Assert.Equal(UploadBatchResult.AlreadyClosed, repeat.Result);
        Assert.True(repeat.IsClosed);
        Assert.Equal(outcome.Discrepancies, repeat.Discrepancies);
        Assert.Equal(host, repeat.HostTotals);
        Assert.Empty(repeat.Events);
        var settleRepeat = terminal.Run(Settle(1, new BatchSettlementTotals(9, 99_000, 0, 0)));
        Assert.Equal(SettleBatchResult.AlreadyClosed, settleRepeat.Result);
        Assert.False(settleRepeat.Balanced);
        Assert.False(settleRepeat.UploadRequired);
        Assert.Single(terminal.Journal.OfType<BatchClosed>());
        Assert.Equal(UploadBatchResult.BatchNotOpen, terminal.Run(Upload(5, [])).Result);
    }

    [Fact]
    public void Upload_WithNoRecords_KeepsEveryHostSale()
    {
        var terminal = WithSales();
        terminal.Run(Settle(1, BatchSettlementTotals.Zero));

        var outcome = terminal.Run(Upload(1, []));

        Assert.Equal(UploadBatchResult.Closed, outcome.Result);
        Assert.Equal(new BatchSettlementTotals(1, 3_000, 0, 0), outcome.HostTotals);
        var missing = Assert.Single(outcome.Discrepancies);
        Assert.Equal((BatchDiscrepancyKind.MissingOnTerminal, 3u), (missing.Kind, missing.Stan));
    }

    [Fact]
    public void BatchAge_LegacyJournalWithoutTimes_FallsBackToTheFirstTransaction()
    {
        var terminal = TerminalHarness.SignedOn(); // sign-on without a host time, as before this feature
        Assert.Null(TerminalQueries.OpenBatchStartedAt(terminal.State));
        Assert.Null(TerminalQueries.OpenBatchAge(terminal.State, SaleTime));
        Assert.False(TerminalQueries.IsBatchOpenTooLong(terminal.State, SaleTime.AddDays(100), 7));

        terminal.Run(Sale(stan: 2, localTime: SaleTime.AddHours(2)));
        terminal.Run(Sale(stan: 1, localTime: SaleTime));

        Assert.Equal(SaleTime, TerminalQueries.OpenBatchStartedAt(terminal.State));
        Assert.Equal(TimeSpan.FromDays(8), TerminalQueries.OpenBatchAge(terminal.State, SaleTime.AddDays(8)));
        Assert.True(TerminalQueries.IsBatchOpenTooLong(terminal.State, SaleTime.AddDays(8), 7));
        Assert.False(TerminalQueries.IsBatchOpenTooLong(terminal.State, SaleTime.AddDays(7), 7));
        // A terminal clock ahead of the host's never yields a negative age.
        Assert.Equal(TimeSpan.Zero, TerminalQueries.OpenBatchAge(terminal.State, SaleTime.AddDays(-1)));
    }

    [Fact]
    public void BatchAge_OnlyTheFirstTimedSignOnMarksTheStart()
    {
        var start = new DateTime(2026, 9, 1, 8, 0, 0, DateTimeKind.Unspecified);
        var terminal = new TerminalHarness();
        terminal.Execute(new RegisterTerminalCommand(Mid, Tid));
        terminal.Run(new SignOnCommand(Mid, Tid, start));
        terminal.Run(new SignOffCommand(Mid, Tid));
        terminal.Run(new SignOnCommand(Mid, Tid, start.AddDays(5)));

        Assert.Equal(start, TerminalQueries.OpenBatchStartedAt(terminal.State));
        Assert.Equal(start, Assert.IsType<TerminalSignedOn>(terminal.Journal[1]).HostLocalTime);
    }
}
