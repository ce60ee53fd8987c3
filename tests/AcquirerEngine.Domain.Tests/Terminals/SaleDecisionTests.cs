using AcquirerEngine.Domain.Money;
using AcquirerEngine.Domain.Terminals;
using static AcquirerEngine.Domain.Tests.Terminals.TerminalHarness;

namespace AcquirerEngine.Domain.Tests.Terminals;

public sealed class SaleDecisionTests
{
    [Fact]
    public void Approved_AppendsOneEventWithRrnAndApprovalCode()
    {
        var terminal = TerminalHarness.SignedOn();

        var outcome = terminal.Run(Sale(stan: 123, amountMinor: 10_000));

        Assert.Equal(SaleResult.Approved, outcome.Result);
        var approved = Assert.IsType<SaleApproved>(Assert.Single(outcome.Events));
        Assert.Equal("sale:898310048161234:T0000001:000001:000123:2026-09-30", approved.RecordId);
        Assert.Equal("627322000123", approved.Rrn);
        Assert.Equal(SaleDisposition.Approved, outcome.Reply!.Disposition);
        Assert.Equal(approved.Rrn, outcome.Reply.Rrn);
        Assert.Equal(approved.ApprovalCode, outcome.Reply.ApprovalCode);
        Assert.Matches("^[0-9A-Z]{6}$", outcome.Reply.ApprovalCode);
        Assert.Equal(TransactionStatus.Approved, terminal.State.FindSale(1, 123, new DateOnly(2026, 9, 30))!.Status);
    }

    [Fact]
    public void DuplicateSameBody_ReturnsStoredResponse_NoNewEvent()
    {
        var terminal = TerminalHarness.SignedOn();
        var first = terminal.Run(Sale(stan: 7));
        var journalLength = terminal.Journal.Count;

        var retry = terminal.Run(Sale(stan: 7));

        Assert.Equal(SaleResult.DuplicateSameBody, retry.Result);
        Assert.Empty(retry.Events);
        Assert.False(retry.ChangesState);
        Assert.Equal(first.Reply, retry.Reply);
        Assert.Equal(journalLength, terminal.Journal.Count);
    }

    [Fact]
    public void DuplicateSameBody_AnsweredEvenAfterSignOff()
    {
        var terminal = TerminalHarness.SignedOn();
        var first = terminal.Run(Sale(stan: 7));
        terminal.Run(new SignOffCommand(Mid, Tid));

        var retry = terminal.Run(Sale(stan: 7));

        Assert.Equal(SaleResult.DuplicateSameBody, retry.Result);
        Assert.Equal(first.Reply, retry.Reply);
    }

    public static TheoryData<SaleCommand> DifferentBodies => new()
    {
        Sale(stan: 7, amountMinor: 10_001),
        Sale(stan: 7, cardToken: "tok_other"),
        Sale(stan: 7, cardType: CardType.Credit),
        Sale(stan: 7, currency: Iso4217.Hkd),
        Sale(stan: 7, localTime: SaleTime.AddMinutes(1)),
    };

    [Theory]
    [MemberData(nameof(DifferentBodies))]
    public void ConflictDifferentBody_RejectedWithoutEvent(SaleCommand conflicting)
    {
        var terminal = TerminalHarness.SignedOn();
        terminal.Run(Sale(stan: 7));

        var outcome = terminal.Run(conflicting);

        Assert.Equal(SaleResult.ConflictDifferentBody, outcome.Result);
        Assert.Empty(outcome.Events);
        Assert.Null(outcome.Reply);
        Assert.Equal(10_000, terminal.State.FindSale(1, 7, new DateOnly(2026, 9, 30))!.AmountMinor);
    }

    [Fact]
    public void SameStanOnAnotherDate_IsAnotherSale()
    {
        var terminal = TerminalHarness.SignedOn();
        terminal.Run(Sale(stan: 7));

        var nextDay = terminal.Run(Sale(stan: 7, localTime: SaleTime.AddDays(1)));

        Assert.Equal(SaleResult.Approved, nextDay.Result);
        Assert.Equal(2, terminal.State.Sales.Count);
    }

    [Fact]
    public void OverPerSaleLimit_DeclinedAndRecorded_RetryGetsSameDecline()
    {
        var terminal = TerminalHarness.SignedOn(new TerminalPolicy { PerSaleLimitMinor = 50_000 });

        var declined = terminal.Run(Sale(stan: 9, amountMinor: 50_001));
        var retry = terminal.Run(Sale(stan: 9, amountMinor: 50_001));

        Assert.Equal(SaleResult.Declined, declined.Result);
        var declinedEvent = Assert.IsType<SaleDeclined>(Assert.Single(declined.Events));
        Assert.Equal(SaleDeclineReason.OverPerSaleLimit, declinedEvent.Reason);
        Assert.Equal("amount 50001 exceeds the per-sale limit 50000", declined.Reply!.DeclineReasonText);
        Assert.Null(declined.Reply.ApprovalCode);
        Assert.Equal(SaleDisposition.Declined, declined.Reply.Disposition);
        Assert.Equal(SaleResult.DuplicateSameBody, retry.Result);
        Assert.Equal(declined.Reply, retry.Reply);
        Assert.Single(terminal.Journal.OfType<SaleDeclined>());
    }

    [Fact]
    public void AtPerSaleLimit_Approved()
    {
        var terminal = TerminalHarness.SignedOn(new TerminalPolicy { PerSaleLimitMinor = 50_000 });
        Assert.Equal(SaleResult.Approved, terminal.Run(Sale(amountMinor: 50_000)).Result);
    }

    [Fact]
    public void BatchNotOpen_NamesTheOpenBatch()
    {
        var terminal = TerminalHarness.SignedOn();

        var outcome = terminal.Run(Sale(batchNo: 2));

        Assert.Equal(SaleResult.BatchNotOpen, outcome.Result);
        Assert.Equal(1u, outcome.OpenBatchNo);
        Assert.Empty(outcome.Events);
    }

    [Fact]
    public void NotSignedOn_Rejected()
    {
        var terminal = new TerminalHarness();
        terminal.Execute(new RegisterTerminalCommand(Mid, Tid));

        var outcome = terminal.Run(Sale());

        Assert.Equal(SaleResult.NotSignedOn, outcome.Result);
        Assert.Empty(outcome.Events);
    }

    [Fact]
    public void SignedOff_Rejected()
    {
        var terminal = TerminalHarness.SignedOn();
        terminal.Run(new SignOffCommand(Mid, Tid));
        Assert.Equal(SaleResult.NotSignedOn, terminal.Run(Sale()).Result);
    }

    [Fact]
    public void NotRegistered_Rejected()
    {
        var terminal = new TerminalHarness();
        Assert.Equal(SaleResult.NotRegistered, terminal.Run(Sale()).Result);
        Assert.Empty(terminal.Journal);
    }

    [Fact]
    public void OtherMerchant_Rejected()
    {
        var terminal = TerminalHarness.SignedOn();
        var outcome = terminal.Run(Sale() with { MerchantId = "OTHERMERCHANT1" });
        Assert.Equal(SaleResult.MerchantMismatch, outcome.Result);
    }

    [Fact]
    public void CommandForAnotherTerminal_IsARoutingBug()
    {
        var terminal = TerminalHarness.SignedOn();
        Assert.Throws<InvariantViolationException>(() => terminal.Run(Sale() with { TerminalId = "T9" }));
    }

    [Fact]
    public void UnvalidatedCommand_IsABug()
    {
        var terminal = TerminalHarness.SignedOn();
        Assert.Throws<InvariantViolationException>(() => terminal.Run(Sale(amountMinor: 0)));
        Assert.Throws<InvariantViolationException>(() => terminal.Run(Sale(stan: 0)));
        Assert.Throws<InvariantViolationException>(() => terminal.Run(Sale(cardType: CardType.Unspecified)));
    }

    [Fact]
    public void Decide_NeverMutatesState()
    {
        var terminal = TerminalHarness.SignedOn();
        terminal.Run(Sale(stan: 1));
        var before = Snapshot(terminal.State);

        var outcome = TerminalDecider.Decide(terminal.State, Sale(stan: 2), terminal.Policy);

        Assert.Equal(SaleResult.Approved, outcome.Result);
        Assert.Equal(before, Snapshot(terminal.State));
        Assert.Null(terminal.State.FindSale(1, 2, new DateOnly(2026, 9, 30)));
    }

    [Fact]
    public void ApplyingTheSameSaleTwice_IsABug()
    {
        var terminal = TerminalHarness.SignedOn();
        var approved = terminal.Run(Sale()).Events[0];
        Assert.Throws<InvariantViolationException>(() => terminal.State.Apply(approved));
    }
}
