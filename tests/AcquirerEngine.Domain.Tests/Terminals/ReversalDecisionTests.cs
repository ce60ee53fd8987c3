using AcquirerEngine.Domain.Terminals;
using static AcquirerEngine.Domain.Tests.Terminals.TerminalHarness;

namespace AcquirerEngine.Domain.Tests.Terminals;

public sealed class ReversalDecisionTests
{
    private static readonly DateOnly SaleDate = new(2026, 9, 30);

    [Fact]
    public void Reversed_ApprovedOriginal_MoneyReturned()
    {
        var terminal = TerminalHarness.SignedOn();
        terminal.Run(Sale(stan: 5, amountMinor: 8_800));

        var outcome = terminal.Run(Reverse(5, localDate: SaleDate));

        Assert.Equal(ReverseResult.Reversed, outcome.Result);
        Assert.False(outcome.IsDuplicate);
        var reversed = Assert.IsType<SaleReversed>(Assert.Single(outcome.Events));
        Assert.Equal(8_800, reversed.AmountMinor);
        Assert.Equal("reversal:898310048161234:T0000001:000001:000005:2026-09-30", reversed.RecordId);
        var totals = Assert.Single(TerminalQueries.ComputeBatchTotals(terminal.State, 1));
        Assert.Equal(0, totals.SaleAmountMinor);
        Assert.Equal(8_800, totals.ReversedAmountMinor);
    }

    [Fact]
    public void AlreadyReversed_NoEvent()
    {
        var terminal = TerminalHarness.SignedOn();
        terminal.Run(Sale(stan: 5));
        terminal.Run(Reverse(5));

        var repeat = terminal.Run(Reverse(5));

        Assert.Equal(ReverseResult.AlreadyReversed, repeat.Result);
        Assert.True(repeat.IsDuplicate);
        Assert.Equal(TransactionStatus.Reversed, repeat.OriginalStatus);
        Assert.Empty(repeat.Events);
    }

    [Fact]
    public void UnknownOriginal_OrphanRecordedOnce()
    {
        var terminal = TerminalHarness.SignedOn();

        var first = terminal.Run(Reverse(77));
        var repeat = terminal.Run(Reverse(77));

        Assert.Equal(ReverseResult.OrphanRecorded, first.Result);
        Assert.Equal(TransactionStatus.NoEffect, first.OriginalStatus);
        Assert.Equal("orphan-reversal:898310048161234:T0000001:000001:000077:any-date", Assert.Single(first.Events).RecordId);
        Assert.Equal(ReverseResult.AlreadyRecorded, repeat.Result);
        Assert.True(repeat.IsDuplicate);
        Assert.Empty(repeat.Events);
        Assert.Empty(TerminalQueries.ComputeBatchTotals(terminal.State, 1));
    }

    [Fact]
    public void NoFinancialEffect_ForVoidedOrDeclinedOriginal()
    {
        var terminal = TerminalHarness.SignedOn(new TerminalPolicy { PerSaleLimitMinor = 50_000 });
        terminal.Run(Sale(stan: 5));
        terminal.Run(Void(5, 10_000));
        terminal.Run(Sale(stan: 6, amountMinor: 60_000));

        var ofVoided = terminal.Run(Reverse(5));
        var ofDeclined = terminal.Run(Reverse(6));

        Assert.Equal(ReverseResult.NoFinancialEffect, ofVoided.Result);
        Assert.Equal(TransactionStatus.Voided, ofVoided.OriginalStatus);
        Assert.Empty(ofVoided.Events);
        Assert.Equal(ReverseResult.NoFinancialEffect, ofDeclined.Result);
        Assert.Equal(TransactionStatus.Declined, ofDeclined.OriginalStatus);
        Assert.Empty(ofDeclined.Events);
    }

    [Fact]
    public void ReversalIsHonouredEvenWhenSignedOff()
    {
        var terminal = TerminalHarness.SignedOn();
        terminal.Run(Sale(stan: 5));
        terminal.Run(new SignOffCommand(Mid, Tid));

        Assert.Equal(ReverseResult.Reversed, terminal.Run(Reverse(5)).Result);
    }

    [Fact]
    public void NotInOpenBatch_ApprovedOriginalOfAClosedBatch()
    {
        var terminal = TerminalHarness.SignedOn();
        terminal.Run(Sale(stan: 5));
        terminal.State.CurrentBatchNo = 2; // what batch settlement will do, by its own event

        var outcome = terminal.Run(Reverse(5));

        Assert.Equal(ReverseResult.NotInOpenBatch, outcome.Result);
        Assert.Empty(outcome.Events);
    }

    [Fact]
    public void LateOriginalAfterOrphanReversal_IsDeclined()
    {
        var terminal = TerminalHarness.SignedOn();
        terminal.Run(Reverse(5, localDate: SaleDate));

        var late = terminal.Run(Sale(stan: 5));

        Assert.Equal(SaleResult.Declined, late.Result);
        Assert.Equal(SaleDeclineReason.ReversedBeforeArrival, late.Reply!.DeclineReason);
        Assert.Equal(ReverseResult.NoFinancialEffect, terminal.Run(Reverse(5, localDate: SaleDate)).Result);
    }

    [Fact]
    public void LateOriginalAfterDatelessOrphanReversal_IsDeclined()
    {
        var terminal = TerminalHarness.SignedOn();
        terminal.Run(Reverse(5));

        Assert.Equal(SaleResult.Declined, terminal.Run(Sale(stan: 5)).Result);
    }

    [Fact]
    public void Rejections_NotRegisteredAndMerchantMismatch()
    {
        Assert.Equal(ReverseResult.NotRegistered, new TerminalHarness().Run(Reverse(5)).Result);
        var terminal = TerminalHarness.SignedOn();
        Assert.Equal(ReverseResult.MerchantMismatch, terminal.Run(new ReverseCommand(Key(5) with { MerchantId = "OTHER" })).Result);
    }
}
