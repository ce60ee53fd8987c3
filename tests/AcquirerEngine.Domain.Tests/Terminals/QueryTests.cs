using AcquirerEngine.Domain.Terminals;
using static AcquirerEngine.Domain.Tests.Terminals.TerminalHarness;

namespace AcquirerEngine.Domain.Tests.Terminals;

public sealed class QueryTests
{
    [Fact]
    public void FindTransaction_ReturnsReadModel()
    {
        var terminal = TerminalHarness.SignedOn();
        var sale = terminal.Run(Sale(stan: 3, amountMinor: 4_200, cardType: CardType.Credit));

        var view = TerminalQueries.FindTransaction(terminal.State, Key(3, localDate: new DateOnly(2026, 9, 30)))!;

        Assert.Equal(Mid, view.MerchantId);
        Assert.Equal(Tid, view.TerminalId);
        Assert.Equal(1u, view.BatchNo);
        Assert.Equal(3u, view.Stan);
        Assert.Equal(new DateOnly(2026, 9, 30), view.LocalDate);
        Assert.Equal(SaleTime, view.LocalTime);
        Assert.Equal(TransactionKind.Sale, view.Kind);
        Assert.Equal(TransactionStatus.Approved, view.Status);
        Assert.Equal(4_200, view.AmountMinor);
        Assert.Equal("CNY", view.Currency);
        Assert.Equal(CardType.Credit, view.CardType);
        Assert.Equal(sale.Reply!.Rrn, view.Rrn);
        Assert.Equal(sale.Reply.ApprovalCode, view.ApprovalCode);
        Assert.Equal(0, view.RefundedMinor);
    }

    [Fact]
    public void FindTransaction_ShowsDeclineReasonAndVoid()
    {
        var terminal = TerminalHarness.SignedOn(new TerminalPolicy { PerSaleLimitMinor = 1_000 });
        terminal.Run(Sale(stan: 1, amountMinor: 2_000));
        terminal.Run(Sale(stan: 2, amountMinor: 500));
        terminal.Run(Void(2, 500, voidStan: 3));

        var declined = TerminalQueries.FindTransaction(terminal.State, Key(1))!;
        var voided = TerminalQueries.FindTransaction(terminal.State, Key(2))!;

        Assert.Equal(TransactionStatus.Declined, declined.Status);
        Assert.Equal(SaleDeclineReason.OverPerSaleLimit, declined.DeclineReason);
        Assert.Null(declined.ApprovalCode);
        Assert.Equal(TransactionStatus.Voided, voided.Status);
        Assert.Equal(3u, voided.VoidStan);
    }

    [Fact]
    public void FindTransaction_UnknownOrForeignKeyFindsNothing()
    {
        var terminal = TerminalHarness.SignedOn();
        terminal.Run(Sale(stan: 3));

        Assert.Null(TerminalQueries.FindTransaction(terminal.State, Key(4)));
        Assert.Null(TerminalQueries.FindTransaction(terminal.State, Key(3, batchNo: 2)));
        Assert.Null(TerminalQueries.FindTransaction(terminal.State, Key(3) with { TerminalId = "T2" }));
    }

    [Fact]
    public void ListBatch_OrderedByStan_IncludesOrphans()
    {
        var terminal = TerminalHarness.SignedOn();
        terminal.Run(Sale(stan: 30));
        terminal.Run(Sale(stan: 10));
        terminal.Run(Reverse(20));
        terminal.Run(Sale(stan: 10, localTime: SaleTime.AddDays(-1)));

        var list = TerminalQueries.ListBatch(terminal.State, 1);

        Assert.Equal([10u, 10u, 20u, 30u], list.Select(v => v.Stan).ToArray());
        Assert.Equal(new DateOnly(2026, 9, 29), list[0].LocalDate);
        Assert.Equal(TransactionKind.OrphanReversal, list[2].Kind);
        Assert.Empty(TerminalQueries.ListBatch(terminal.State, 2));
    }

    [Fact]
    public void BatchTotals_NetOfVoidsAndReversals_DeclinesCountedApart()
    {
        var terminal = TerminalHarness.SignedOn(new TerminalPolicy { PerSaleLimitMinor = 100_000 });
        terminal.Run(Sale(stan: 1, amountMinor: 1_000));
        terminal.Run(Sale(stan: 2, amountMinor: 2_000));
        terminal.Run(Sale(stan: 3, amountMinor: 3_000));
        terminal.Run(Sale(stan: 4, amountMinor: 400_000));
        terminal.Run(Void(2, 2_000));
        terminal.Run(Reverse(3));

        var totals = Assert.Single(TerminalQueries.ComputeBatchTotals(terminal.State, 1));

        Assert.Equal(new BatchTotals(1, "CNY", 1, 1_000, 3, 6_000, 1, 2_000, 1, 3_000, 1, 0, 0), totals);
    }
}
