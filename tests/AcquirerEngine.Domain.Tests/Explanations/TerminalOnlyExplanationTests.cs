using AcquirerEngine.Domain.Explanations;
using AcquirerEngine.Domain.Terminals;

namespace AcquirerEngine.Domain.Tests.Explanations;

public sealed class TerminalOnlyExplanationTests
{
    [Theory]
    [InlineData(TransactionStatus.Approved, MoneyState.PendingClearing, true)]
    [InlineData(TransactionStatus.Voided, MoneyState.Voided, false)]
    [InlineData(TransactionStatus.Reversed, MoneyState.Reversed, false)]
    public void A_terminal_record_not_yet_in_the_ledger_is_explained_from_the_terminal(TransactionStatus status, MoneyState expected, bool provisional)
    {
        var explanation = TerminalOnlyExplanation.For(View(status));

        Assert.NotNull(explanation);
        Assert.Equal(expected, explanation.State);
        Assert.Equal(provisional, explanation.Provisional);
        Assert.Null(explanation.ExpectedArrivalDate);
        Assert.Equal(12_345, explanation.AmountMinor);
        Assert.False(string.IsNullOrWhiteSpace(explanation.Reason));
    }

    [Theory]
    [InlineData(TransactionStatus.Declined)]
    [InlineData(TransactionStatus.NoEffect)]
    public void A_record_that_moves_no_money_has_no_money_to_explain(TransactionStatus status)
    {
        Assert.Null(TerminalOnlyExplanation.For(View(status)));
    }

    private static TransactionView View(TransactionStatus status) => new(
        "898340149000001", "T0000001", 1, 7, new DateOnly(2026, 11, 20), new DateTime(2026, 11, 20, 10, 0, 0),
        TransactionKind.Sale, status, 12_345, "CNY", CardType.Credit, "632410000007", "A1B2C3",
        SaleDeclineReason.None, null, 0, null, null);
}
