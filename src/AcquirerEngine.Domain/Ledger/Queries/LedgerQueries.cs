namespace AcquirerEngine.Domain.Ledger;

/// <summary>Read models over a ledger state; pure projections for explanations and operator screens.</summary>
public static class LedgerQueries
{
    public static MerchantBalance Balance(MerchantLedgerState state) => MerchantBalance.Of(state);

    public static LedgerTransactionView? Transaction(MerchantLedgerState state, string transactionId)
    {
        ArgumentNullException.ThrowIfNull(state);
        var t = state.FindTransaction(transactionId);
        if (t is null)
        {
            return null;
        }

        long inPayout = 0, paid = 0;
        LedgerPayout? latest = null;
        foreach (var share in t.PayoutShares)
        {
            var payout = state.Payouts[share.PayoutId];
            latest = payout;
            switch (payout.Status)
            {
                case PayoutStatus.Instructed or PayoutStatus.Queued or PayoutStatus.Sent:
                    inPayout += share.AmountMinor;
                    break;
                case PayoutStatus.Credited:
                    paid += share.AmountMinor;
                    break;
            }
        }

        var (status, reason) = StatusOf(state, t, inPayout, paid, latest);
        return new LedgerTransactionView(
            t.TransactionId,
            status,
            reason,
            t.HoldStatus,
            t.HoldReason,
            [.. t.RiskReasons],
            t.DeferralReason,
            t.ClearingDate,
            t.ValueDate,
            latest?.PayoutId,
            latest?.Status,
            t.AmountMinor,
            t.FeeMinor,
            t.PendingMinor,
            t.HeldMinor,
            t.DeferredMinor,
            t.ReturnedMinor,
            inPayout,
            paid,
            t.RefundedMinor,
            t.ValueDateProvisional);
    }

    public static PayoutView? Payout(MerchantLedgerState state, string payoutId)
    {
        ArgumentNullException.ThrowIfNull(state);
        var p = state.FindPayout(payoutId);
        return p is null
            ? null
            : new PayoutView(p.PayoutId, state.MerchantId, p.RunDate, p.AmountMinor, p.AccountType, p.Destination, p.Status, p.Channel, p.QueueReason, p.TraceId, p.ReturnReason, [.. p.Allocations]);
    }

    /// <summary>Active holds, oldest first.</summary>
    public static IReadOnlyList<HoldView> ListHolds(MerchantLedgerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.TransactionsInOrder()
            .Where(t => t.IsHeld && !t.IsClosed)
            .Select(t => new HoldView(t.TransactionId, t.HeldMinor, t.HoldReason, [.. t.RiskReasons], t.HoldText, t.LocalTime, t.ClearingDate))
            .ToList();
    }

    /// <summary>
    /// The state that best answers "where is my money": final states first, then whatever still stops money
    /// (hold, return, deferral, waiting), then payouts under way, then paid.
    /// </summary>
    private static (LedgerTransactionStatus Status, string? Reason) StatusOf(
        MerchantLedgerState state, LedgerTransaction t, long inPayout, long paid, LedgerPayout? latest)
    {
        var frozen = state.Frozen ? $"account frozen: {state.FrozenReason}" : null;
        if (t.CancelKind == CancelKind.Void)
        {
            return (LedgerTransactionStatus.Voided, null);
        }

        if (t.CancelKind == CancelKind.Reversal)
        {
            return (LedgerTransactionStatus.Reversed, null);
        }

        if (t.HoldStatus == HoldStatus.Rejected)
        {
            return (LedgerTransactionStatus.RejectedToCardholder, t.HoldText);
        }

        if (t.RefundedMinor == t.AmountMinor)
        {
            return (LedgerTransactionStatus.Refunded, null);
        }

        if (t.IsHeld)
        {
            return (LedgerTransactionStatus.HeldForReview, t.HoldText);
        }

        if (t.ReturnedMinor > 0)
        {
            return (LedgerTransactionStatus.Returned, frozen ?? t.ReturnReason);
        }

        if (t.DeferredMinor > 0)
        {
            return (LedgerTransactionStatus.Deferred, frozen ?? DeferralText(t.DeferralReason));
        }

        if (t.PendingMinor > 0)
        {
            return (LedgerTransactionStatus.PendingClearing, frozen);
        }

        if (inPayout != 0)
        {
            return (LedgerTransactionStatus.InPayout, latest?.QueueReason);
        }

        if (paid != 0)
        {
            return (LedgerTransactionStatus.Paid, null);
        }

        return t.RefundedMinor > 0
            ? (LedgerTransactionStatus.Refunded, null)
            : (LedgerTransactionStatus.PendingClearing, frozen);
    }

    private static string DeferralText(DeferralReason reason) => reason switch
    {
        DeferralReason.ClassIIDailyLimit => "Class II account daily inbound limit reached: paid in the next run",
        DeferralReason.SameDayQuotaExceeded => "above the same-day (T0/D0) quota: falls back to the next run (T+1)",
        _ => reason.ToString(),
    };
}
