using System.Text.Json.Serialization;
using AcquirerEngine.Domain.Risk;

namespace AcquirerEngine.Domain.Ledger;

/// <summary>
/// The projection of one merchant's ledger journal: settlement account, freeze, every transaction with
/// its money by bucket, refunds, payouts, runs and the risk counters. Public get/set data only, so a
/// grain can snapshot it with System.Text.Json; only <see cref="Apply"/> changes it, and replaying the
/// journal from <c>new MerchantLedgerState()</c> rebuilds exactly the live state. Every Apply keeps the
/// per-transaction conservation equation (see <see cref="LedgerTransaction"/>); an event that would
/// break it is a bug and throws.
/// </summary>
public sealed class MerchantLedgerState
{
    public string MerchantId { get; set; } = "";

    public SettlementAccount Account { get; set; } = new();

    [JsonIgnore]
    public bool IsConfigured => Account.Version > 0;

    public bool Frozen { get; set; }

    public string? FrozenReason { get; set; }

    public DateTime? FrozenAt { get; set; }

    public int FreezeCount { get; set; }

    public long LastSequence { get; set; }

    /// <summary>Latest run date recorded; released holds are paid from the day after it (R5).</summary>
    public DateOnly? LastRunDate { get; set; }

    public List<SettlementRunRecord> Runs { get; set; } = [];

    public Dictionary<string, LedgerTransaction> Transactions { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, LedgerRefund> Refunds { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, LedgerPayout> Payouts { get; set; } = new(StringComparer.Ordinal);

    public RiskProfile Risk { get; set; } = new();

    public LedgerTransaction? FindTransaction(string transactionId) => Transactions.GetValueOrDefault(transactionId);

    public LedgerPayout? FindPayout(string payoutId) => Payouts.GetValueOrDefault(payoutId);

    public SettlementRunRecord? FindRun(DateOnly runDate)
    {
        // A loop, not FirstOrDefault: asked twice by every run (decide and apply), a closure each time.
        foreach (var run in Runs)
        {
            if (run.RunDate == runDate)
            {
                return run;
            }
        }

        return null;
    }

    /// <summary>Transactions in arrival order: the order settlement takes money in.</summary>
    public IEnumerable<LedgerTransaction> TransactionsInOrder() => Transactions.Values.OrderBy(t => t.Sequence);

    public static MerchantLedgerState Replay(IEnumerable<LedgerEvent> journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        var state = new MerchantLedgerState();
        foreach (var ledgerEvent in journal)
        {
            state.Apply(ledgerEvent);
        }

        return state;
    }

    public void Apply(LedgerEvent ledgerEvent)
    {
        ArgumentNullException.ThrowIfNull(ledgerEvent);
        if (ledgerEvent is AccountConfigured configured)
        {
            ApplyConfigured(configured);
            return;
        }

        Invariant.Require(IsConfigured, $"{ledgerEvent.RecordId}: event for a ledger without an account");
        Invariant.Require(ledgerEvent.MerchantId == MerchantId, $"{ledgerEvent.RecordId}: event for another merchant than {MerchantId}");
        switch (ledgerEvent)
        {
            case SaleCaptured captured:
                ApplyCaptured(captured);
                break;
            case SaleCancelled cancelled:
                ApplyCancelled(cancelled);
                break;
            case RefundRecorded refund:
                ApplyRefund(refund);
                break;
            case HoldPlaced placed:
                ApplyHoldPlaced(placed);
                break;
            case HoldReleased released:
                ApplyHoldReleased(released);
                break;
            case HoldRejected rejected:
                ApplyHoldRejected(rejected);
                break;
            case AccountFrozen frozen:
                Invariant.Require(!Frozen && frozen.FreezeNo == FreezeCount + 1, $"{frozen.RecordId}: freeze out of order");
                Frozen = true;
                FreezeCount = frozen.FreezeNo;
                FrozenReason = frozen.Reason;
                FrozenAt = frozen.LocalTime;
                break;
            case AccountUnfrozen unfrozen:
                Invariant.Require(Frozen && unfrozen.FreezeNo == FreezeCount, $"{unfrozen.RecordId}: unfreeze out of order");
                Frozen = false;
                FrozenReason = null;
                FrozenAt = null;
                break;
            case ValueDateRevised revised:
                ApplyValueDateRevised(revised);
                break;
            case SettlementRunCompleted run:
                ApplyRun(run);
                break;
            case PayoutQueued queued:
                ApplyQueued(queued);
                break;
            case PayoutSent sent:
                ApplySent(sent);
                break;
            case PayoutCredited credited:
                ApplyCredited(credited);
                break;
            case PayoutReturned returned:
                ApplyReturned(returned);
                break;
            case PayoutPartReturned partReturned:
                ApplyPartReturned(partReturned);
                break;
            default:
                throw new InvariantViolationException($"unknown ledger event {ledgerEvent.GetType().Name}");
        }
    }

    private void ApplyConfigured(AccountConfigured configured)
    {
        Invariant.Require(configured.Version == Account.Version + 1, $"{configured.RecordId}: account version after {Account.Version}");
        Invariant.Require(!IsConfigured || configured.MerchantId == MerchantId, $"{configured.RecordId}: account of another merchant");
        MerchantId = configured.MerchantId;
        Account = new SettlementAccount
        {
            Version = configured.Version,
            AccountType = configured.AccountType,
            Destination = configured.Destination,
            Cycle = configured.Cycle,
            SameDayQuotaMinor = configured.SameDayQuotaMinor,
        };
    }

    private void ApplyCaptured(SaleCaptured captured)
    {
        Invariant.Require(!Transactions.ContainsKey(captured.TransactionId), $"{captured.RecordId}: transaction already captured");
        Invariant.Require(captured.AmountMinor > 0 && captured.FeeMinor >= 0 && captured.FeeMinor <= captured.AmountMinor, $"{captured.RecordId}: bad amount or fee");
        Invariant.Require(captured.ValueDate >= captured.ClearingDate, $"{captured.RecordId}: value date before clearing date");
        var net = captured.NetMinor;
        var transaction = new LedgerTransaction
        {
            TransactionId = captured.TransactionId,
            Sequence = ++LastSequence,
            AmountMinor = captured.AmountMinor,
            CapturedFeeMinor = captured.FeeMinor,
            FeeMinor = captured.FeeMinor,
            CardType = captured.CardType,
            CardToken = captured.CardToken,
            LocalTime = captured.LocalTime,
            ClearingDate = captured.ClearingDate,
            ValueDate = captured.ValueDate,
            CapturedValueDate = captured.ValueDate,
            ValueDateProvisional = captured.ValueDateProvisional,
            PendingMinor = captured.Held ? 0 : net,
            HeldMinor = captured.Held ? net : 0,
            HoldStatus = captured.Held ? HoldStatus.Held : HoldStatus.None,
            HoldReason = captured.Held ? HoldReason.RiskReview : HoldReason.None,
            RiskReasons = captured.RiskReasons,
            HoldText = captured.Held ? captured.HoldText : null,
            HoldCount = captured.Held ? 1 : 0,
        };
        Transactions.Add(transaction.TransactionId, transaction);
        Risk.Record(captured.AmountMinor, captured.CardToken, captured.LocalTime);
    }

    private void ApplyCancelled(SaleCancelled cancelled)
    {
        var transaction = Require(cancelled.TransactionId, cancelled);
        Invariant.Require(!transaction.IsClosed, $"{cancelled.RecordId}: transaction already closed");
        Invariant.Require(transaction.PayoutShares.Count == 0 && transaction.RefundedMinor == 0 && transaction.ReturnedMinor == 0, $"{cancelled.RecordId}: settled or refunded money cannot be cancelled");
        Invariant.Require(cancelled.Kind is CancelKind.Void or CancelKind.Reversal, $"{cancelled.RecordId}: cancel kind unspecified");
        Invariant.Require(cancelled.AmountMinor == transaction.AmountMinor && cancelled.FeeReturnedMinor == transaction.FeeMinor, $"{cancelled.RecordId}: amounts differ from the capture");
        Invariant.Require(
            transaction.PendingMinor + transaction.HeldMinor + transaction.DeferredMinor == transaction.AmountMinor - transaction.FeeMinor,
            $"{cancelled.RecordId}: unpaid money does not cover the net");
        transaction.PendingMinor = 0;
        transaction.HeldMinor = 0;
        transaction.DeferredMinor = 0;
        transaction.FeeMinor = 0;
        transaction.CancelKind = cancelled.Kind;
        transaction.CancelledMinor = cancelled.AmountMinor;
        if (transaction.IsHeld)
        {
            transaction.HoldStatus = HoldStatus.None;
        }
    }

    /// <summary>Consumes unpaid money first (pending, deferred, returned, held); the rest becomes carry (negative pending).</summary>
    private void ApplyRefund(RefundRecorded refund)
    {
        Invariant.Require(!Refunds.ContainsKey(refund.RefundId), $"{refund.RecordId}: refund id already recorded");
        var transaction = Require(refund.OriginalTransactionId, refund);
        Invariant.Require(!transaction.IsClosed, $"{refund.RecordId}: original closed");
        Invariant.Require(refund.AmountMinor > 0 && refund.AmountMinor <= transaction.RefundableMinor, $"{refund.RecordId}: refund {refund.AmountMinor} above refundable {transaction.RefundableMinor}");
        Invariant.Require(refund.CarriedMinor == transaction.RefundCarryFor(refund.AmountMinor), $"{refund.RecordId}: carried amount differs from the state");
        var remaining = refund.AmountMinor;
        var fromPending = Math.Min(Math.Max(transaction.PendingMinor, 0), remaining);
        transaction.PendingMinor -= fromPending;
        remaining -= fromPending;
        var fromDeferred = Math.Min(transaction.DeferredMinor, remaining);
        transaction.DeferredMinor -= fromDeferred;
        remaining -= fromDeferred;
        var fromReturned = Math.Min(transaction.ReturnedMinor, remaining);
        transaction.ReturnedMinor -= fromReturned;
        remaining -= fromReturned;
        var fromHeld = Math.Min(transaction.HeldMinor, remaining);
        transaction.HeldMinor -= fromHeld;
        remaining -= fromHeld;
        Invariant.Require(remaining == refund.CarriedMinor, $"{refund.RecordId}: carry mismatch");
        transaction.PendingMinor -= remaining;
        transaction.RefundedMinor += refund.AmountMinor;
        Refunds.Add(refund.RefundId, new LedgerRefund
        {
            RefundId = refund.RefundId,
            OriginalTransactionId = refund.OriginalTransactionId,
            AmountMinor = refund.AmountMinor,
            CarriedMinor = refund.CarriedMinor,
            LocalTime = refund.LocalTime,
        });
    }

    private void ApplyHoldPlaced(HoldPlaced placed)
    {
        var transaction = Require(placed.TransactionId, placed);
        Invariant.Require(!transaction.IsClosed && !transaction.IsHeld, $"{placed.RecordId}: transaction closed or already held");
        Invariant.Require(placed.HoldNo == transaction.HoldCount + 1, $"{placed.RecordId}: hold {placed.HoldNo} after {transaction.HoldCount}");
        Invariant.Require(placed.AmountMinor > 0 && placed.AmountMinor == transaction.UnpaidPositiveMinor, $"{placed.RecordId}: held amount differs from the unpaid money");
        transaction.HeldMinor += placed.AmountMinor;
        transaction.PendingMinor = Math.Min(transaction.PendingMinor, 0);
        transaction.DeferredMinor = 0;
        transaction.DeferralReason = DeferralReason.None;
        transaction.DeferredOnRun = null;
        transaction.ReturnedMinor = 0;
        transaction.HoldStatus = HoldStatus.Held;
        transaction.HoldReason = HoldReason.Operator;
        transaction.RiskReasons = [];
        transaction.HoldText = placed.Reason;
        transaction.HoldCount = placed.HoldNo;
    }

    private void ApplyHoldReleased(HoldReleased released)
    {
        var transaction = Require(released.TransactionId, released);
        Invariant.Require(transaction.IsHeld && !transaction.IsClosed && released.HoldNo == transaction.HoldCount, $"{released.RecordId}: no such active hold");
        Invariant.Require(released.AmountMinor == transaction.HeldMinor, $"{released.RecordId}: released amount differs from held");
        transaction.PendingMinor += transaction.HeldMinor;
        transaction.HeldMinor = 0;

        // A release past the last run sets a date of its own (R5), not one read from the calendar: nothing
        // left to revise then.
        transaction.ValueDateProvisional &= released.ValueDate == transaction.ValueDate;
        transaction.ValueDate = released.ValueDate;
        transaction.HoldStatus = HoldStatus.Released;
    }

    private void ApplyHoldRejected(HoldRejected rejected)
    {
        var transaction = Require(rejected.TransactionId, rejected);
        Invariant.Require(transaction.IsHeld && !transaction.IsClosed && rejected.HoldNo == transaction.HoldCount, $"{rejected.RecordId}: no such active hold");
        Invariant.Require(rejected.FeeReturnedMinor == MerchantLedgerDecider.FeeReturnedOnReject(transaction), $"{rejected.RecordId}: fee returned differs from the state");
        Invariant.Require(rejected.AmountMinor <= transaction.RefundableMinor, $"{rejected.RecordId}: more would go back to the cardholder than was captured");
        Invariant.Require(
            rejected.KeptMinor >= 0 && rejected.AmountMinor - rejected.FeeReturnedMinor + rejected.KeptMinor == transaction.HeldMinor,
            $"{rejected.RecordId}: rejected plus kept differs from held");
        transaction.RejectedMinor += rejected.AmountMinor;
        transaction.FeeMinor -= rejected.FeeReturnedMinor;
        transaction.PendingMinor += rejected.KeptMinor;
        transaction.HeldMinor = 0;
        transaction.HoldStatus = HoldStatus.Rejected;
        transaction.HoldText = rejected.Reason;
    }

    /// <summary>Only the date moves: no bucket changes, so R11 holds by construction.</summary>
    private void ApplyValueDateRevised(ValueDateRevised revised)
    {
        var transaction = Require(revised.TransactionId, revised);
        Invariant.Require(MerchantLedgerDecider.ValueDateRevisable(transaction), $"{revised.RecordId}: value date not provisional, or its money already left pending");
        Invariant.Require(revised.RevisionNo == transaction.ValueDateRevisionCount + 1, $"{revised.RecordId}: revision {revised.RevisionNo} after {transaction.ValueDateRevisionCount}");
        Invariant.Require(revised.OldValueDate == transaction.ValueDate, $"{revised.RecordId}: old value date differs from the state");
        Invariant.Require(revised.NewValueDate >= transaction.ClearingDate, $"{revised.RecordId}: value date before clearing date");
        transaction.ValueDate = revised.NewValueDate;
        transaction.ValueDateProvisional = revised.Provisional;
        transaction.ValueDateRevisionCount = revised.RevisionNo;
    }

    private void ApplyRun(SettlementRunCompleted run)
    {
        Invariant.Require(FindRun(run.RunDate) is null, $"{run.RecordId}: run already recorded");
        Invariant.Require(LastRunDate is null || run.RunDate > LastRunDate, $"{run.RecordId}: run date before the last run {LastRunDate}");
        var total = 0L;

        // Indexed: foreach over the event's IReadOnlyList boxes an enumerator per list per run.
        for (var i = 0; i < run.Allocations.Count; i++)
        {
            var allocation = run.Allocations[i];
            Invariant.Require(run.PayoutId is not null, $"{run.RecordId}: allocations without a payout");
            var transaction = Require(allocation.TransactionId, run);
            Take(transaction, allocation.Source, allocation.AmountMinor, run);
            transaction.AddPayoutShare(new PayoutShare { PayoutId = run.PayoutId!, AmountMinor = allocation.AmountMinor });
            total += allocation.AmountMinor;
        }

        for (var i = 0; i < run.Deferrals.Count; i++)
        {
            var deferral = run.Deferrals[i];
            Invariant.Require(deferral.AmountMinor > 0 && deferral.Reason != DeferralReason.None, $"{run.RecordId}: bad deferral");
            var transaction = Require(deferral.TransactionId, run);
            Take(transaction, deferral.Source, deferral.AmountMinor, run);
            transaction.DeferredMinor += deferral.AmountMinor;
            transaction.DeferralReason = deferral.Reason;
            transaction.DeferredOnRun = run.RunDate;
        }

        if (run.PayoutId is { } payoutId)
        {
            Invariant.Require(!Payouts.ContainsKey(payoutId), $"{run.RecordId}: payout {payoutId} already exists");
            Invariant.Require(run.PayoutAmountMinor > 0 && total == run.PayoutAmountMinor, $"{run.RecordId}: payout {run.PayoutAmountMinor} is not the sum of its allocations {total}");
            Payouts.Add(payoutId, new LedgerPayout
            {
                PayoutId = payoutId,
                RunDate = run.RunDate,
                InboundDay = run.InboundDay ?? run.RunDate,
                AmountMinor = run.PayoutAmountMinor,
                AccountType = run.AccountType,
                Destination = run.Destination,
                Status = PayoutStatus.Instructed,
                Allocations = [.. run.Allocations],
                InstructedAt = run.LocalTime,
            });
        }
        else
        {
            Invariant.Require(run.PayoutAmountMinor == 0 && run.Allocations.Count == 0 && run.Deferrals.Count == 0, $"{run.RecordId}: money moved without a payout");
        }

        Runs.Add(new SettlementRunRecord { RunDate = run.RunDate, LocalTime = run.LocalTime, Result = run.Result, PayoutId = run.PayoutId });
        LastRunDate = run.RunDate;
    }

    /// <summary>Removes settled or deferred money from the bucket it was due in; positive buckets never go negative.</summary>
    private static void Take(LedgerTransaction transaction, FundsSource source, long amountMinor, LedgerEvent ledgerEvent)
    {
        switch (source)
        {
            case FundsSource.Pending:
                Invariant.Require(amountMinor != 0 && (amountMinor < 0 ? amountMinor >= transaction.PendingMinor : amountMinor <= transaction.PendingMinor), $"{ledgerEvent.RecordId}: {transaction.TransactionId} pending {transaction.PendingMinor} cannot give {amountMinor}");
                transaction.PendingMinor -= amountMinor;
                break;
            case FundsSource.Deferred:
                Invariant.Require(amountMinor > 0 && amountMinor <= transaction.DeferredMinor, $"{ledgerEvent.RecordId}: {transaction.TransactionId} deferred {transaction.DeferredMinor} cannot give {amountMinor}");
                transaction.DeferredMinor -= amountMinor;
                if (transaction.DeferredMinor == 0)
                {
                    transaction.DeferralReason = DeferralReason.None;
                    transaction.DeferredOnRun = null;
                }

                break;
            case FundsSource.Returned:
                Invariant.Require(amountMinor > 0 && amountMinor <= transaction.ReturnedMinor, $"{ledgerEvent.RecordId}: {transaction.TransactionId} returned {transaction.ReturnedMinor} cannot give {amountMinor}");
                transaction.ReturnedMinor -= amountMinor;
                break;
            default:
                throw new InvariantViolationException($"{ledgerEvent.RecordId}: unknown funds source {source}");
        }
    }

    private void ApplyQueued(PayoutQueued queued)
    {
        var payout = RequirePayout(queued.PayoutId, queued);
        Invariant.Require(payout.Status == PayoutStatus.Instructed, $"{queued.RecordId}: payout is {payout.Status}");
        payout.Status = PayoutStatus.Queued;
        payout.Channel = queued.Channel;
        payout.QueueReason = queued.Reason;
        payout.QueuedAt = queued.LocalTime;
    }

    private void ApplySent(PayoutSent sent)
    {
        var payout = RequirePayout(sent.PayoutId, sent);
        Invariant.Require(payout.Status is PayoutStatus.Instructed or PayoutStatus.Queued, $"{sent.RecordId}: payout is {payout.Status}");
        Invariant.Require(!string.IsNullOrEmpty(sent.TraceId), $"{sent.RecordId}: sent without a trace id");
        payout.Status = PayoutStatus.Sent;
        payout.Channel = sent.Channel;
        payout.TraceId = sent.TraceId;
        payout.SentAt = sent.LocalTime;
    }

    private void ApplyCredited(PayoutCredited credited)
    {
        var payout = RequirePayout(credited.PayoutId, credited);
        Invariant.Require(payout.Status == PayoutStatus.Sent, $"{credited.RecordId}: payout is {payout.Status}");
        payout.Status = PayoutStatus.Credited;
        payout.CreditedAt = credited.LocalTime;
    }

    /// <summary>Positive shares come back as "returned" (paid again by the next run); deducted carries become carries again.</summary>
    private void ApplyReturned(PayoutReturned returned)
    {
        var payout = RequirePayout(returned.PayoutId, returned);
        Invariant.Require(payout.Status != PayoutStatus.Returned, $"{returned.RecordId}: payout already returned");
        foreach (var allocation in payout.Allocations)
        {
            var transaction = Require(allocation.TransactionId, returned);
            if (allocation.AmountMinor > 0)
            {
                transaction.ReturnedMinor += allocation.AmountMinor;
                transaction.ReturnReason = returned.Reason;
            }
            else
            {
                transaction.PendingMinor += allocation.AmountMinor;
            }
        }

        // Parts returned earlier already gave their money back: take it out again so it is not restored twice.
        foreach (var restored in payout.PartReturns.SelectMany(p => p.Restored))
        {
            Require(restored.TransactionId, returned).ReturnedMinor -= restored.AmountMinor;
        }

        payout.Status = PayoutStatus.Returned;
        payout.ReturnReason = returned.Reason;
        payout.ReturnedAt = returned.LocalTime;
    }

    /// <summary>
    /// A split payout's part came back: its amount moves from the payout's positive allocations (in order, each
    /// only as far as it is still in the payout) to "returned", recorded as negative shares of the payout.
    /// </summary>
    private void ApplyPartReturned(PayoutPartReturned returned)
    {
        var payout = RequirePayout(returned.PayoutId, returned);
        Invariant.Require(payout.Status is not (PayoutStatus.Returned or PayoutStatus.Credited), $"{returned.RecordId}: payout is {payout.Status}");
        Invariant.Require(payout.PartReturns.All(p => p.PartId != returned.PartId), $"{returned.RecordId}: part already returned");
        var left = returned.AmountMinor;
        var restored = new List<PayoutAllocation>();
        foreach (var transactionId in payout.Allocations.Where(a => a.AmountMinor > 0).Select(a => a.TransactionId).Distinct())
        {
            if (left == 0)
            {
                break;
            }

            var transaction = Require(transactionId, returned);
            var inPayout = transaction.PayoutShares.Where(s => s.PayoutId == payout.PayoutId).Sum(s => s.AmountMinor);
            var take = Math.Min(left, Math.Max(inPayout, 0));
            if (take == 0)
            {
                continue;
            }

            transaction.AddPayoutShare(new PayoutShare { PayoutId = payout.PayoutId, AmountMinor = -take });
            transaction.ReturnedMinor += take;
            transaction.ReturnReason = returned.Reason;
            restored.Add(new PayoutAllocation(transactionId, FundsSource.Returned, take));
            left -= take;
        }

        Invariant.Require(left == 0, $"{returned.RecordId}: part of {returned.AmountMinor} is more than the payout still holds");
        payout.PartReturns.Add(new PayoutPartReturn { PartId = returned.PartId, AmountMinor = returned.AmountMinor, Reason = returned.Reason, Restored = restored });
    }

    // The event, not its record id: an id is formatted on every call, and only a broken invariant reads it.
    private LedgerTransaction Require(string transactionId, LedgerEvent ledgerEvent)
    {
        var transaction = FindTransaction(transactionId);
        Invariant.Require(transaction is not null, $"{ledgerEvent.RecordId}: transaction {transactionId} not in state");
        return transaction!;
    }

    private LedgerPayout RequirePayout(string payoutId, LedgerEvent ledgerEvent)
    {
        var payout = FindPayout(payoutId);
        Invariant.Require(payout is not null, $"{ledgerEvent.RecordId}: payout {payoutId} not in state");
        return payout!;
    }
}
