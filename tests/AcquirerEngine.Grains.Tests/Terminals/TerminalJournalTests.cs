using AcquirerEngine.Domain.Terminals;
using AcquirerEngine.Grains.Terminals;

namespace AcquirerEngine.Grains.Tests.Terminals;

public sealed class TerminalJournalTests
{
    private static readonly DateOnly Day = new(2026, 11, 20);
    private static readonly DateTime At = new(2026, 11, 20, 10, 0, 0);

    [Fact]
    public void A_sales_answer_is_left_to_the_terminal_and_every_other_record_to_the_store()
    {
        var approved = new SaleApproved("M1", "T1", 1, 7, Day, At, 500, "CNY", CardType.Debit, "tok", "000000000007", "000007");
        var declined = new SaleDeclined("M1", "T1", 1, 8, Day, At, 500, "CNY", CardType.Debit, "tok", "000000000008", SaleDeclineReason.OverPerSaleLimit, "over the per-sale limit");
        var voided = new SaleVoided("M1", "T1", 1, 7, Day, 500, 9, "000000000009");
        var reversed = new SaleReversed("M1", "T1", 1, 7, Day, 500);
        var signedOn = new TerminalSignedOn("M1", "T1", 2, 1, At);

        Assert.Equal([true, true], new TerminalEvent[] { approved, declined }.Select(e => TerminalJournal.ToRecord(e).DedupedByGrain));
        Assert.Equal([false, false, false], new TerminalEvent[] { voided, reversed, signedOn }.Select(e => TerminalJournal.ToRecord(e).DedupedByGrain));
        Assert.Equal(approved.RecordId, TerminalJournal.ToRecord(approved).RecordId);
    }
}
