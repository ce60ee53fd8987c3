namespace AcquirerEngine.Domain.Ledger;

/// <summary>
/// R11 as code. For every clearing date (and so in total), with <see cref="MerchantBalance"/>'s buckets:
/// <c>Captured - Voided - Reversed - Refunded - RejectedToCardholder
///   = Fees + PendingClearing + RefundCarry + Held + Deferred + Returned + Queued + InTransit + Paid</c>.
/// Netting across dates is exact because a carried refund is a negative allocation of its own
/// transaction (and so of its own clearing date) inside the payout that deducts it.
/// Also checked: each payout equals the sum of its allocations, and every positive bucket is non-negative.
/// A state that fails this is a bug, never a business outcome.
/// </summary>
public static class LedgerConservation
{
    /// <summary>The balance per clearing date, in date order.</summary>
    public static IReadOnlyList<(DateOnly ClearingDate, MerchantBalance Balance)> ByClearingDate(MerchantLedgerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Transactions.Values
            .Select(t => t.ClearingDate)
            .Distinct()
            .Order()
            .Select(date => (date, MerchantBalance.Of(state, date)))
            .ToList();
    }

    /// <summary>The first violation found, or null when the ledger adds up.</summary>
    public static string? FindViolation(MerchantLedgerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        foreach (var (date, balance) in ByClearingDate(state))
        {
            if (!balance.IsConserved)
            {
                return $"clearing date {date:yyyy-MM-dd}: retained {balance.RetainedMinor} != accounted {balance.AccountedMinor} ({balance})";
            }
        }

        foreach (var t in state.Transactions.Values)
        {
            if (t.HeldMinor < 0 || t.DeferredMinor < 0 || t.ReturnedMinor < 0 || t.FeeMinor < 0 || t.RefundedMinor + t.RejectedMinor + t.CancelledMinor > t.AmountMinor)
            {
                return $"transaction {t.TransactionId}: a bucket went negative or more left than came in";
            }

            var inPayouts = t.PayoutShares.Where(s => state.Payouts[s.PayoutId].Status != PayoutStatus.Returned).Sum(s => s.AmountMinor);
            var right = t.FeeMinor + t.PendingMinor + t.HeldMinor + t.DeferredMinor + t.ReturnedMinor + inPayouts;
            if (t.AmountMinor - t.CancelledMinor - t.RefundedMinor - t.RejectedMinor != right)
            {
                return $"transaction {t.TransactionId}: does not add up";
            }
        }

        foreach (var payout in state.Payouts.Values)
        {
            if (payout.Allocations.Sum(a => a.AmountMinor) != payout.AmountMinor || payout.AmountMinor <= 0)
            {
                return $"payout {payout.PayoutId}: amount {payout.AmountMinor} is not the sum of its allocations";
            }
        }

        return null;
    }

    /// <summary>Throws <see cref="InvariantViolationException"/> when the ledger does not add up.</summary>
    public static void Require(MerchantLedgerState state)
    {
        var violation = FindViolation(state);
        Invariant.Require(violation is null, $"R11 conservation broken for merchant {state?.MerchantId}: {violation}");
    }
}
