using AcquirerEngine.Domain.Terminals;
using static AcquirerEngine.Domain.Tests.Terminals.TerminalHarness;

namespace AcquirerEngine.Domain.Tests.Terminals;

public sealed class VoidDecisionTests
{
    private static readonly DateOnly SaleDate = new(2026, 9, 30);

    [Fact]
    public void Voided_FullAmountInOpenBatch()
    {
        var terminal = TerminalHarness.SignedOn();
        terminal.Run(Sale(stan: 5, amountMinor: 12_345));

        var outcome = terminal.Run(Void(5, 12_345, voidStan: 6));

        Assert.Equal(VoidResult.Voided, outcome.Result);
        var voided = Assert.IsType<SaleVoided>(Assert.Single(outcome.Events));
        Assert.Equal("void:898310048161234:T0000001:000001:000005:2026-09-30", voided.RecordId);
        Assert.Equal("627322000006", outcome.VoidRrn); // host time 22:45, void stan 6
        Assert.Equal(TransactionStatus.Voided, outcome.OriginalStatus);
        var sale = terminal.State.FindSale(1, 5, SaleDate)!;
        Assert.Equal(TransactionStatus.Voided, sale.Status);
        Assert.Equal(6u, sale.VoidStan);
    }

    [Fact]
    public void AlreadyVoided_RepeatReturnsStoredRrn_NoEvent()
    {
        var terminal = TerminalHarness.SignedOn();
        terminal.Run(Sale(stan: 5));
        var first = terminal.Run(Void(5, 10_000, voidStan: 6));

        var repeat = terminal.Run(Void(5, 10_000, voidStan: 6));

        Assert.Equal(VoidResult.AlreadyVoided, repeat.Result);
        Assert.Empty(repeat.Events);
        Assert.Equal(first.VoidRrn, repeat.VoidRrn);
        Assert.Single(terminal.Journal.OfType<SaleVoided>());
    }

    [Fact]
    public void OriginalNotFound()
    {
        var terminal = TerminalHarness.SignedOn();
        terminal.Run(Sale(stan: 5));

        Assert.Equal(VoidResult.OriginalNotFound, terminal.Run(Void(6, 10_000)).Result);
        Assert.Equal(VoidResult.OriginalNotFound, terminal.Run(Void(5, 10_000, localDate: SaleDate.AddDays(-1))).Result);
    }

    [Fact]
    public void AmountMismatch_PartialVoidRefused()
    {
        var terminal = TerminalHarness.SignedOn();
        terminal.Run(Sale(stan: 5, amountMinor: 100_000));

        var outcome = terminal.Run(Void(5, 90_000));

        Assert.Equal(VoidResult.AmountMismatch, outcome.Result);
        Assert.Empty(outcome.Events);
        Assert.Equal(TransactionStatus.Approved, terminal.State.FindSale(1, 5, SaleDate)!.Status);
    }

    [Fact]
    public void NotVoidable_ReversedOrDeclined()
    {
        var terminal = TerminalHarness.SignedOn(new TerminalPolicy { PerSaleLimitMinor = 50_000 });
        terminal.Run(Sale(stan: 5));
        terminal.Run(Reverse(5));
        terminal.Run(Sale(stan: 6, amountMinor: 60_000));

        Assert.Equal(VoidResult.NotVoidable, terminal.Run(Void(5, 10_000)).Result);
        var declined = terminal.Run(Void(6, 60_000));
        Assert.Equal(VoidResult.NotVoidable, declined.Result);
        Assert.Equal(TransactionStatus.Declined, declined.OriginalStatus);
    }

    [Fact]
    public void NotInOpenBatch_AfterTheBatchAdvanced()
    {
        var terminal = TerminalHarness.SignedOn();
        terminal.Run(Sale(stan: 5));
        // Batch settlement does not exist yet; it will advance the batch with an event. Simulate its effect.
        terminal.State.CurrentBatchNo = 2;

        var outcome = terminal.Run(Void(5, 10_000));

        Assert.Equal(VoidResult.NotInOpenBatch, outcome.Result);
        Assert.Empty(outcome.Events);
    }

    [Fact]
    public void NotSignedOn_ButRepeatStillAnswered()
    {
        var terminal = TerminalHarness.SignedOn();
        terminal.Run(Sale(stan: 5));
        terminal.Run(Sale(stan: 6));
        terminal.Run(Void(5, 10_000));
        terminal.Run(new SignOffCommand(Mid, Tid));

        Assert.Equal(VoidResult.AlreadyVoided, terminal.Run(Void(5, 10_000)).Result);
        Assert.Equal(VoidResult.NotSignedOn, terminal.Run(Void(6, 10_000)).Result);
    }

    [Fact]
    public void WithoutLocalDate_VoidsTheNewestSaleWithThatStan()
    {
        var terminal = TerminalHarness.SignedOn();
        terminal.Run(Sale(stan: 5, localTime: SaleTime));
        terminal.Run(Sale(stan: 5, localTime: SaleTime.AddDays(1)));

        var outcome = terminal.Run(Void(5, 10_000, localDate: null));

        Assert.Equal(VoidResult.Voided, outcome.Result);
        Assert.Equal(TransactionStatus.Approved, terminal.State.FindSale(1, 5, SaleDate)!.Status);
        Assert.Equal(TransactionStatus.Voided, terminal.State.FindSale(1, 5, SaleDate.AddDays(1))!.Status);
    }

    [Fact]
    public void Rejections_NotRegisteredAndMerchantMismatch()
    {
        Assert.Equal(VoidResult.NotRegistered, new TerminalHarness().Run(Void(5, 1)).Result);
        var terminal = TerminalHarness.SignedOn();
        var other = new VoidCommand(Key(5) with { MerchantId = "OTHER" }, 9, 1, HostTime);
        Assert.Equal(VoidResult.MerchantMismatch, terminal.Run(other).Result);
    }
}
