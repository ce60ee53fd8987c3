namespace AcquirerEngine.Domain.Ledger;

/// <summary>
/// What a run would do, computed from the state: the allocations of the one payout (carried refunds
/// first within each transaction, then due money in arrival order) and the deferrals. Limits are applied
/// in this order: the T0/D0 same-day quota, then the Class II inbound limit on the net, per calendar day the
/// money lands (what earlier runs already sent that day counts, so catch-up runs after downtime share one limit).
/// </summary>
internal sealed class SettlementPlan
{
    private SettlementPlan(List<PayoutAllocation> allocations, List<FundsDeferral> deferrals, long dueMinor)
    {
        Allocations = allocations;
        Deferrals = deferrals;
        DueMinor = dueMinor;
        var net = 0L;
        foreach (var allocation in allocations)
        {
            net = checked(net + allocation.AmountMinor);
        }

        NetMinor = net;
    }

    public IReadOnlyList<PayoutAllocation> Allocations { get; }

    public IReadOnlyList<FundsDeferral> Deferrals { get; }

    /// <summary>Everything due before limits, net of carried refunds.</summary>
    public long DueMinor { get; }

    public long NetMinor { get; }

    public static SettlementPlan Build(MerchantLedgerState state, DateOnly runDate, DateOnly inboundDay, LedgerPolicy policy)
    {
        var account = state.Account;
        var quota = account.SameDayQuotaMinor;
        var transactions = InArrivalOrder(state);
        var candidates = new List<SettlementCandidate>(transactions.Length);
        foreach (var transaction in transactions)
        {
            if (transaction.PendingMinor < 0)
            {
                candidates.Add(new SettlementCandidate(transaction.TransactionId, FundsSource.Pending, transaction.PendingMinor, false));
            }

            // Held money (and anything that arrives while a hold is on) waits for the review.
            if (transaction.IsHeld)
            {
                continue;
            }

            if (transaction.ReturnedMinor > 0)
            {
                candidates.Add(new SettlementCandidate(transaction.TransactionId, FundsSource.Returned, transaction.ReturnedMinor, false));
            }

            if (transaction.DeferredMinor > 0 && (transaction.DeferredOnRun is null || transaction.DeferredOnRun < runDate))
            {
                candidates.Add(new SettlementCandidate(transaction.TransactionId, FundsSource.Deferred, transaction.DeferredMinor, false));
            }

            if (transaction.PendingMinor > 0 && transaction.ValueDate <= runDate)
            {
                var sameDay = quota is not null && transaction.ValueDate == transaction.ClearingDate;
                candidates.Add(new SettlementCandidate(transaction.TransactionId, FundsSource.Pending, transaction.PendingMinor, sameDay));
            }
        }

        // Summed in loops (checked, as Enumerable.Sum is): LINQ here boxed an enumerator and a delegate per run.
        var due = 0L;
        foreach (var candidate in candidates)
        {
            due = checked(due + candidate.AmountMinor);
        }

        var deferrals = new List<FundsDeferral>();
        if (quota is { } quotaMinor)
        {
            var left = quotaMinor;
            foreach (var candidate in candidates.Where(c => c.SameDay))
            {
                left -= Limit(candidate, left, DeferralReason.SameDayQuotaExceeded, deferrals);
            }
        }

        if (account.AccountType == AccountType.ClassII)
        {
            var carried = -candidates.Where(c => c.AmountMinor < 0).Sum(c => c.AmountMinor);
            // Payouts already sent to the account that day (a returned one never landed) use up the day's limit.
            var sentToday = state.Payouts.Values
                .Where(p => p.AccountType == AccountType.ClassII && (p.InboundDay ?? p.RunDate) == inboundDay && p.Status != PayoutStatus.Returned)
                .Sum(p => p.AmountMinor);
            var left = policy.ClassIIDailyInboundLimitMinor + carried - sentToday;
            foreach (var candidate in candidates.Where(c => c.AmountMinor > 0))
            {
                left -= Limit(candidate, left, DeferralReason.ClassIIDailyLimit, deferrals);
            }
        }

        var allocations = new List<PayoutAllocation>(candidates.Count);
        foreach (var candidate in candidates)
        {
            if (candidate.AmountMinor != 0)
            {
                allocations.Add(new PayoutAllocation(candidate.TransactionId, candidate.Source, candidate.AmountMinor));
            }
        }

        return new SettlementPlan(allocations, deferrals, due);
    }

    /// <summary>
    /// <see cref="MerchantLedgerState.TransactionsInOrder"/> without its sort when the dictionary already enumerates in
    /// arrival order (it does unless a removal freed a slot): every merchant's run walks every transaction it holds,
    /// and the ordered enumerable's buffers were a large share of what a nightly run allocated.
    /// </summary>
    private static LedgerTransaction[] InArrivalOrder(MerchantLedgerState state)
    {
        // The pairs, not .Values: the value collection would be one more object per ledger, kept from its first run.
        var transactions = new LedgerTransaction[state.Transactions.Count];
        var count = 0;
        foreach (var (_, transaction) in state.Transactions)
        {
            if (count > 0 && transaction.Sequence < transactions[count - 1].Sequence)
            {
                return [.. state.TransactionsInOrder()];
            }

            transactions[count++] = transaction;
        }

        return transactions;
    }

    /// <summary>Keeps at most <paramref name="left"/> of a positive candidate; defers the rest. Returns what was kept.</summary>
    private static long Limit(SettlementCandidate candidate, long left, DeferralReason reason, List<FundsDeferral> deferrals)
    {
        var keep = Math.Clamp(left, 0, candidate.AmountMinor);
        var excess = candidate.AmountMinor - keep;
        if (excess > 0)
        {
            deferrals.Add(new FundsDeferral(candidate.TransactionId, candidate.Source, excess, reason));
            candidate.AmountMinor = keep;
        }

        return keep;
    }
}
