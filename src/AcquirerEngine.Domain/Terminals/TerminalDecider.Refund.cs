using System.Globalization;

namespace AcquirerEngine.Domain.Terminals;

/// <summary>0220 refunds (R6): money back from a settled sale, partial and multiple, never above the original.</summary>
public static partial class TerminalDecider
{
    /// <summary>
    /// Order: who is asking; the refund's own identity (a retry is answered even after the batch moved on);
    /// session and batch (a refund is a transaction of the open batch); then the original and the amount.
    /// </summary>
    public static RefundOutcome Decide(TerminalState state, RefundCommand command)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(command);
        RequireValidOriginal(command.Original);
        Invariant.Require(IsStan(command.BatchNo), $"refund batch {command.BatchNo} outside 1..999999: the command skipped validation");
        Invariant.Require(IsStan(command.Stan), $"refund stan {command.Stan} outside 1..999999: the command skipped validation");
        Invariant.Require(command.AmountMinor > 0, $"refund amount {command.AmountMinor} not positive: the command skipped validation");
        RequireLocalTime(command.LocalTime, "refund local time");
        switch (CheckCaller(state, command))
        {
            case TerminalAccess.NotRegistered:
                return RefundRejected(RefundResult.NotRegistered, state);
            case TerminalAccess.MerchantMismatch:
                return RefundRejected(RefundResult.MerchantMismatch, state);
        }

        // R7 applied to refunds: one identity, one answer.
        var stored = state.FindRefund(command.BatchNo, command.Stan, command.LocalDate);
        if (stored is not null)
        {
            return HasSameBody(stored, command)
                ? new(RefundResult.DuplicateSameBody, stored.Rrn, stored.RefundableRemainingMinor, state.CurrentBatchNo, NoEvents)
                : RefundRejected(RefundResult.ConflictDifferentBody, state);
        }

        if (state.FindSale(command.BatchNo, command.Stan, command.LocalDate) is not null)
        {
            return RefundRejected(RefundResult.ConflictDifferentBody, state);
        }

        if (!state.SignedOn)
        {
            return RefundRejected(RefundResult.NotSignedOn, state);
        }

        if (command.BatchNo != state.CurrentBatchNo)
        {
            return RefundRejected(RefundResult.BatchNotOpen, state);
        }

        if (state.IsPreemptivelyReversed(command.BatchNo, command.Stan, command.LocalDate))
        {
            return RefundRejected(RefundResult.ReversedBeforeArrival, state);
        }

        var key = command.Original;
        var original = state.FindSale(key.BatchNo, key.Stan, key.LocalDate);
        if (original is null)
        {
            return RefundRejected(RefundResult.OriginalNotFound, state);
        }

        if (original.Status != TransactionStatus.Approved)
        {
            return new(RefundResult.OriginalNotRefundable, null, 0, state.CurrentBatchNo, NoEvents);
        }

        var remaining = original.AmountMinor - original.RefundedMinor;
        Invariant.Require(remaining >= 0, $"sale {original.Rrn} refunded {original.RefundedMinor} above its amount {original.AmountMinor}");

        // R6: while the sale is in the open batch it has not been cleared; a void cancels it instead.
        if (state.IsInOpenBatch(original))
        {
            return new(RefundResult.OriginalNotSettled, null, remaining, state.CurrentBatchNo, NoEvents);
        }

        if (command.AmountMinor > remaining)
        {
            return new(RefundResult.ExceedsRefundable, null, remaining, state.CurrentBatchNo, NoEvents);
        }

        var rrn = RetrievalReferenceNumber.From(command.LocalTime, command.Stan);
        var refunded = new SaleRefunded(
            state.MerchantId,
            state.TerminalId,
            command.BatchNo,
            command.Stan,
            command.LocalDate,
            command.LocalTime,
            command.AmountMinor,
            original.Currency,
            original.CardType,
            original.BatchNo,
            original.Stan,
            original.LocalDate,
            rrn,
            remaining - command.AmountMinor);
        Invariant.Require(
            refunded.RefundableRemainingMinor >= 0,
            string.Create(CultureInfo.InvariantCulture, $"refund {command.AmountMinor} above remaining {remaining}"));
        return new(RefundResult.Refunded, rrn, refunded.RefundableRemainingMinor, state.CurrentBatchNo, [refunded]);
    }

    /// <summary>
    /// Refund body: the original, the amount and the time. An original key without a date matches the stored
    /// original by batch and STAN, so a retry that omits the optional date is still recognised as the same refund.
    /// </summary>
    private static bool HasSameBody(TerminalRefund stored, RefundCommand command) =>
        stored.OriginalBatchNo == command.Original.BatchNo
        && stored.OriginalStan == command.Original.Stan
        && (command.Original.LocalDate is null || command.Original.LocalDate == stored.OriginalLocalDate)
        && stored.AmountMinor == command.AmountMinor
        && stored.LocalTime == command.LocalTime;

    private static RefundOutcome RefundRejected(RefundResult result, TerminalState state) =>
        new(result, null, null, state.CurrentBatchNo, NoEvents);
}
