using System.Text.Json;
using AcquirerEngine.Domain.Ledger;
using AcquirerEngine.Domain.Terminals;

namespace AcquirerEngine.Domain.Tests.Ledger;

/// <summary>
/// A transaction's rarely set fields (holds, deferrals, returns, cancels, refunds, rejections, revisions) are held
/// apart: they read and write as plain properties, and an ordinary captured sale does not pay for them.
/// </summary>
public sealed class LedgerTransactionTests
{
    [Fact]
    public void Every_rarely_set_field_keeps_what_was_written_and_goes_back_to_its_default()
    {
        var transaction = Captured("t");
        transaction.HeldMinor = 10;
        transaction.DeferredMinor = 20;
        transaction.DeferralReason = DeferralReason.ClassIIDailyLimit;
        transaction.DeferredOnRun = new DateOnly(2026, 10, 1);
        transaction.ReturnedMinor = 30;
        transaction.ReturnReason = "account closed";
        transaction.CancelKind = CancelKind.Void;
        transaction.CancelledMinor = 40;
        transaction.RefundedMinor = 50;
        transaction.RejectedMinor = 60;
        transaction.HoldReason = HoldReason.RiskReview;
        transaction.HoldText = "velocity";
        transaction.HoldCount = 2;
        transaction.ValueDateRevisionCount = 3;

        Assert.Equal(
            (10L, 20L, DeferralReason.ClassIIDailyLimit, (DateOnly?)new DateOnly(2026, 10, 1), 30L, "account closed", CancelKind.Void, 40L, 50L, 60L, HoldReason.RiskReview, "velocity", 2, 3),
            (transaction.HeldMinor, transaction.DeferredMinor, transaction.DeferralReason, transaction.DeferredOnRun, transaction.ReturnedMinor, transaction.ReturnReason,
             transaction.CancelKind, transaction.CancelledMinor, transaction.RefundedMinor, transaction.RejectedMinor, transaction.HoldReason, transaction.HoldText,
             transaction.HoldCount, transaction.ValueDateRevisionCount));

        // Compound assignments go through the same properties (settlement and refunds use them).
        transaction.HeldMinor -= 10;
        transaction.DeferredMinor += 5;
        transaction.DeferredOnRun = null;
        transaction.ReturnReason = null;
        Assert.Equal((0L, 25L, (DateOnly?)null, (string?)null), (transaction.HeldMinor, transaction.DeferredMinor, transaction.DeferredOnRun, transaction.ReturnReason));
    }

    [Fact]
    public void A_transaction_writes_and_reads_the_same_json_whichever_fields_are_set()
    {
        var plain = Captured("plain");
        var busy = Captured("busy");
        busy.DeferredMinor = 7;
        busy.DeferralReason = DeferralReason.ClassIIDailyLimit;
        busy.HoldCount = 1;

        foreach (var transaction in new[] { plain, busy })
        {
            var json = JsonSerializer.Serialize(transaction);
            Assert.Equal(json, JsonSerializer.Serialize(JsonSerializer.Deserialize<LedgerTransaction>(json)));
        }

        // Defaults are written out as before (the stored format names every field).
        Assert.Contains("\"HeldMinor\":0,\"DeferredMinor\":0,\"DeferralReason\":0,\"DeferredOnRun\":null", JsonSerializer.Serialize(plain), StringComparison.Ordinal);
    }

    [Fact]
    public void An_ordinary_captured_sale_does_not_allocate_its_rarely_set_fields()
    {
        const int Count = 1_000;
        var kept = new LedgerTransaction[Count];
        Captured("warm-up");

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Count; i++)
        {
            // Writing a default (as a capture does for its hold fields) must not make the side object either.
            var transaction = Captured("id");
            transaction.HeldMinor = 0;
            transaction.HoldReason = HoldReason.None;
            transaction.HoldText = null;
            transaction.HoldCount = 0;
            kept[i] = transaction;
        }

        var perTransaction = (GC.GetAllocatedBytesForCurrentThread() - before) / Count;

        // The object alone: 128 bytes on 64-bit (216 with every field inline; the side object would add 112 more).
        Assert.InRange(perTransaction, 96, 160);
        GC.KeepAlive(kept);
    }

    private static LedgerTransaction Captured(string id) => new()
    {
        TransactionId = id,
        Sequence = 1,
        AmountMinor = 10_000,
        CapturedFeeMinor = 60,
        FeeMinor = 60,
        CardType = CardType.Debit,
        CardToken = "tok",
        LocalTime = new DateTime(2026, 9, 29, 12, 0, 0),
        ClearingDate = new DateOnly(2026, 9, 29),
        ValueDate = new DateOnly(2026, 9, 30),
        CapturedValueDate = new DateOnly(2026, 9, 30),
        PendingMinor = 9_940,
    };
}
