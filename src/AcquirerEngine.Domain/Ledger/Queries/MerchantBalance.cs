namespace AcquirerEngine.Domain.Ledger;

/// <summary>
/// A merchant's money by bucket (all of it, or one clearing date's). The left side of R11 is what came in
/// and what went back to cardholders; the right side is where the rest is now:
/// <c>Captured - Voided - Reversed - Refunded - RejectedToCardholder
///   = Fees + PendingClearing + RefundCarry + Held + Deferred + Returned + Queued + InTransit + Paid</c>.
/// RefundCarry is zero or negative (refunds of money already paid out, deducted from the next payout);
/// Queued counts payouts instructed or queued at a closed channel; Paid counts credited payouts
/// net of the carried refunds they deducted.
/// </summary>
public sealed record MerchantBalance
{
    public long CapturedMinor { get; init; }

    public long VoidedMinor { get; init; }

    public long ReversedMinor { get; init; }

    public long RefundedMinor { get; init; }

    public long RejectedToCardholderMinor { get; init; }

    public long FeesMinor { get; init; }

    public long PendingClearingMinor { get; init; }

    public long RefundCarryMinor { get; init; }

    public long HeldMinor { get; init; }

    public long DeferredMinor { get; init; }

    public long ReturnedMinor { get; init; }

    public long QueuedMinor { get; init; }

    public long InTransitMinor { get; init; }

    public long PaidMinor { get; init; }

    /// <summary>Left side of R11: money that stayed with the acquirer for this merchant.</summary>
    public long RetainedMinor => CapturedMinor - VoidedMinor - ReversedMinor - RefundedMinor - RejectedToCardholderMinor;

    /// <summary>Right side of R11.</summary>
    public long AccountedMinor =>
        FeesMinor + PendingClearingMinor + RefundCarryMinor + HeldMinor + DeferredMinor + ReturnedMinor + QueuedMinor + InTransitMinor + PaidMinor;

    public bool IsConserved => RetainedMinor == AccountedMinor;

    /// <summary>What the merchant is owed and not yet paid or on its way.</summary>
    public long PayableMinor => PendingClearingMinor + RefundCarryMinor + DeferredMinor + ReturnedMinor;

    public static MerchantBalance Of(MerchantLedgerState state, DateOnly? clearingDate = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        long captured = 0, voided = 0, reversed = 0, refunded = 0, rejected = 0, fees = 0, pending = 0, carry = 0;
        long held = 0, deferred = 0, returned = 0, queued = 0, inTransit = 0, paid = 0;
        foreach (var t in state.Transactions.Values)
        {
            if (clearingDate is { } date && t.ClearingDate != date)
            {
                continue;
            }

            captured += t.AmountMinor;
            voided += t.CancelKind == CancelKind.Void ? t.CancelledMinor : 0;
            reversed += t.CancelKind == CancelKind.Reversal ? t.CancelledMinor : 0;
            refunded += t.RefundedMinor;
            rejected += t.RejectedMinor;
            fees += t.FeeMinor;
            pending += Math.Max(t.PendingMinor, 0);
            carry += Math.Min(t.PendingMinor, 0);
            held += t.HeldMinor;
            deferred += t.DeferredMinor;
            returned += t.ReturnedMinor;
            foreach (var share in t.PayoutShares)
            {
                switch (state.Payouts[share.PayoutId].Status)
                {
                    case PayoutStatus.Instructed or PayoutStatus.Queued:
                        queued += share.AmountMinor;
                        break;
                    case PayoutStatus.Sent:
                        inTransit += share.AmountMinor;
                        break;
                    case PayoutStatus.Credited:
                        paid += share.AmountMinor;
                        break;
                    case PayoutStatus.Returned:
                        // Its money is back in Returned (or the carry): counting it here would count it twice.
                        break;
                    default:
                        throw new InvariantViolationException($"payout {share.PayoutId} in impossible status");
                }
            }
        }

        return new MerchantBalance
        {
            CapturedMinor = captured,
            VoidedMinor = voided,
            ReversedMinor = reversed,
            RefundedMinor = refunded,
            RejectedToCardholderMinor = rejected,
            FeesMinor = fees,
            PendingClearingMinor = pending,
            RefundCarryMinor = carry,
            HeldMinor = held,
            DeferredMinor = deferred,
            ReturnedMinor = returned,
            QueuedMinor = queued,
            InTransitMinor = inTransit,
            PaidMinor = paid,
        };
    }
}
