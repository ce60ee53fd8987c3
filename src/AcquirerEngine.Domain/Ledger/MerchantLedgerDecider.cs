using AcquirerEngine.Domain.Risk;
using AcquirerEngine.Domain.Terminals;

namespace AcquirerEngine.Domain.Ledger;

/// <summary>
/// The merchant ledger's decisions. Pure: reads the state, never mutates it, never reads a clock. Each
/// method returns an outcome (result enum + the events to append); applying the events with
/// <see cref="MerchantLedgerState.Apply"/> gives the next state. Order of checks: who is asking, then
/// idempotent repeats (answered whatever happened since), then business rules.
/// </summary>
public static class MerchantLedgerDecider
{
    private static readonly IReadOnlyList<LedgerEvent> NoEvents = [];
    private static readonly IReadOnlyList<FundsDeferral> NoDeferrals = [];

    public static LedgerOutcome Decide(MerchantLedgerState state, LedgerCommand command, LedgerPolicy policy) =>
        command switch
        {
            ConfigureAccountCommand configure => Decide(state, configure),
            CaptureSaleCommand capture => Decide(state, capture, policy),
            CancelSaleCommand cancel => Decide(state, cancel),
            RecordRefundCommand refund => Decide(state, refund),
            PlaceHoldCommand hold => Decide(state, hold),
            ReleaseHoldCommand release => Decide(state, release),
            RejectHoldCommand reject => Decide(state, reject),
            FreezeAccountCommand freeze => Decide(state, freeze),
            UnfreezeAccountCommand unfreeze => Decide(state, unfreeze),
            ReviseValueDatesCommand revise => Decide(state, revise),
            SettleCommand settle => Decide(state, settle, policy),
            RecordPayoutQueuedCommand queued => Decide(state, queued),
            RecordPayoutSentCommand sent => Decide(state, sent),
            RecordPayoutCreditedCommand credited => Decide(state, credited),
            RecordPayoutReturnedCommand returned => Decide(state, returned),
            RecordPayoutPartReturnedCommand partReturned => Decide(state, partReturned),
            null => throw new ArgumentNullException(nameof(command)),
            _ => throw new InvariantViolationException($"no decision for command {command.GetType().Name}"),
        };

    public static ConfigureAccountOutcome Decide(MerchantLedgerState state, ConfigureAccountCommand command)
    {
        Check(state, command);
        Invariant.Require(command.AccountType != AccountType.Unspecified && command.Destination != AccountDestination.Unspecified && !string.IsNullOrEmpty(command.Cycle), "account configuration incomplete: it skipped validation");
        Invariant.Require(command.SameDayQuotaMinor is null or >= 0, "negative same-day quota");
        var account = state.Account;
        if (state.IsConfigured
            && account.AccountType == command.AccountType
            && account.Destination == command.Destination
            && account.Cycle == command.Cycle
            && account.SameDayQuotaMinor == command.SameDayQuotaMinor)
        {
            return new(ConfigureAccountResult.Unchanged, NoEvents);
        }

        return new(ConfigureAccountResult.Configured, [new AccountConfigured(
            command.MerchantId, account.Version + 1, command.AccountType, command.Destination, command.Cycle, command.SameDayQuotaMinor)]);
    }

    public static CaptureOutcome Decide(MerchantLedgerState state, CaptureSaleCommand command, LedgerPolicy policy)
    {
        Check(state, command);
        ArgumentNullException.ThrowIfNull(policy);
        Invariant.Require(!string.IsNullOrEmpty(command.TransactionId), "capture without a transaction id");
        Invariant.Require(command.AmountMinor > 0, $"capture amount {command.AmountMinor} not positive");
        Invariant.Require(command.FeeMinor >= 0 && command.FeeMinor <= command.AmountMinor, $"fee {command.FeeMinor} outside 0..amount");
        Invariant.Require(command.ValueDate >= command.ClearingDate, "value date before clearing date");
        Invariant.Require(command.CardType is CardType.Debit or CardType.Credit, "card type unspecified");
        Invariant.Require(command.LocalTime.Kind == DateTimeKind.Unspecified, "local time must carry no offset or kind");
        if (!state.IsConfigured)
        {
            return new(CaptureResult.AccountNotConfigured, null, NoEvents);
        }

        var stored = state.FindTransaction(command.TransactionId);
        if (stored is not null)
        {
            // The value date is derived from the calendar at the time of the call, not sent by the terminal: a
            // retry after a calendar load computes another one for the same sale, so it is no part of the body.
            var same = stored.AmountMinor == command.AmountMinor
                && stored.CapturedFeeMinor == command.FeeMinor
                && stored.CardType == command.CardType
                && stored.CardToken == command.CardToken
                && stored.LocalTime == command.LocalTime
                && stored.ClearingDate == command.ClearingDate;
            return new(same ? CaptureResult.Duplicate : CaptureResult.ConflictDifferentBody, null, NoEvents);
        }

        var risk = RiskEvaluator.Evaluate(
            state.Risk,
            new RiskSale(command.MerchantId, command.TransactionId, command.AmountMinor, command.CardToken, command.LocalTime),
            policy.Risk);
        var captured = new SaleCaptured(
            command.MerchantId,
            command.TransactionId,
            command.AmountMinor,
            command.FeeMinor,
            command.CardType,
            command.CardToken,
            command.LocalTime,
            command.ClearingDate,
            command.ValueDate,
            risk.Hold,
            risk.Reasons,
            risk.Hold ? risk.HoldText : null,
            risk.Alerts,
            command.ValueDateProvisional);
        return new(risk.Hold ? CaptureResult.CapturedAndHeld : CaptureResult.Captured, risk, [captured]);
    }

    public static CancelOutcome Decide(MerchantLedgerState state, CancelSaleCommand command)
    {
        Check(state, command);
        Invariant.Require(command.Kind is CancelKind.Void or CancelKind.Reversal, "cancel kind unspecified");
        var transaction = state.FindTransaction(command.TransactionId);
        if (transaction is null)
        {
            return new(CancelResult.TransactionNotFound, NoEvents);
        }

        if (transaction.CancelKind != CancelKind.Unspecified)
        {
            return new(CancelResult.AlreadyCancelled, NoEvents);
        }

        if (transaction.HoldStatus == HoldStatus.Rejected)
        {
            return new(CancelResult.AlreadyReturnedToCardholder, NoEvents);
        }

        // R6: once any of it settled (or was refunded) the sale is cleared; only refunds can return money.
        if (transaction.PayoutShares.Count > 0 || transaction.RefundedMinor > 0 || transaction.ReturnedMinor > 0)
        {
            return new(CancelResult.RefundRequired, NoEvents);
        }

        return new(CancelResult.Cancelled, [new SaleCancelled(
            command.MerchantId, command.TransactionId, command.Kind, transaction.AmountMinor, transaction.FeeMinor, command.LocalTime)]);
    }

    public static LedgerRefundOutcome Decide(MerchantLedgerState state, RecordRefundCommand command)
    {
        Check(state, command);
        Invariant.Require(!string.IsNullOrEmpty(command.RefundId), "refund without a refund id");
        Invariant.Require(command.AmountMinor > 0, $"refund amount {command.AmountMinor} not positive");
        var transaction = state.FindTransaction(command.OriginalTransactionId);
        var refundable = transaction?.RefundableMinor ?? 0;
        var stored = state.Refunds.GetValueOrDefault(command.RefundId);
        if (stored is not null)
        {
            var same = stored.OriginalTransactionId == command.OriginalTransactionId && stored.AmountMinor == command.AmountMinor;
            return new(same ? LedgerRefundResult.Duplicate : LedgerRefundResult.ConflictDifferentBody, same ? stored.CarriedMinor : 0, refundable, NoEvents);
        }

        if (transaction is null)
        {
            return new(LedgerRefundResult.OriginalNotFound, 0, 0, NoEvents);
        }

        if (transaction.IsClosed)
        {
            return new(LedgerRefundResult.OriginalClosed, 0, 0, NoEvents);
        }

        if (command.AmountMinor > refundable)
        {
            return new(LedgerRefundResult.ExceedsOriginal, 0, refundable, NoEvents);
        }

        var carried = transaction.RefundCarryFor(command.AmountMinor);
        return new(
            carried > 0 ? LedgerRefundResult.RecordedCarriedToNextSettlement : LedgerRefundResult.Recorded,
            carried,
            refundable - command.AmountMinor,
            [new RefundRecorded(command.MerchantId, command.OriginalTransactionId, command.RefundId, command.AmountMinor, carried, command.LocalTime)]);
    }

    public static HoldOutcome Decide(MerchantLedgerState state, PlaceHoldCommand command)
    {
        Check(state, command);
        var transaction = state.FindTransaction(command.TransactionId);
        if (transaction is null)
        {
            return new(HoldResult.TransactionNotFound, 0, null, NoEvents);
        }

        if (transaction.IsClosed)
        {
            return new(HoldResult.TransactionClosed, 0, null, NoEvents);
        }

        if (transaction.IsHeld)
        {
            return new(HoldResult.AlreadyHeld, transaction.HeldMinor, null, NoEvents);
        }

        var amount = transaction.UnpaidPositiveMinor;
        if (amount == 0)
        {
            return new(HoldResult.NothingToHold, 0, null, NoEvents);
        }

        return new(HoldResult.Placed, amount, null, [new HoldPlaced(
            command.MerchantId, command.TransactionId, transaction.HoldCount + 1, command.Reason, amount, command.LocalTime)]);
    }

    /// <summary>
    /// R5: released money joins the NEXT run. A run already done for a date at or after the value date will
    /// not run again, so the value date moves to the day after the last run (never backwards).
    /// </summary>
    public static HoldOutcome Decide(MerchantLedgerState state, ReleaseHoldCommand command)
    {
        Check(state, command);
        var (transaction, refusal) = FindActiveHold(state, command.TransactionId);
        if (refusal is not null)
        {
            return refusal;
        }

        var valueDate = transaction!.ValueDate;
        if (state.LastRunDate is { } lastRun && lastRun >= valueDate)
        {
            valueDate = lastRun.AddDays(1);
        }

        return new(HoldResult.Released, transaction.HeldMinor, valueDate, [new HoldReleased(
            command.MerchantId, command.TransactionId, transaction.HoldCount, transaction.HeldMinor, valueDate, command.LocalTime)]);
    }

    public static HoldOutcome Decide(MerchantLedgerState state, RejectHoldCommand command)
    {
        Check(state, command);
        var (transaction, refusal) = FindActiveHold(state, command.TransactionId);
        if (refusal is not null)
        {
            return refusal;
        }

        var fee = FeeReturnedOnReject(transaction!);
        var fromHeld = Math.Min(transaction!.HeldMinor, transaction.RefundableMinor);
        var amount = fromHeld + fee;
        return new(HoldResult.Rejected, amount, null, [new HoldRejected(
            command.MerchantId, command.TransactionId, transaction.HoldCount, command.Reason, amount, fee, transaction.HeldMinor - fromHeld, command.LocalTime)]);
    }

    /// <summary>
    /// The cardholder gets the held money back, plus the fee when none of the sale was ever paid out (the
    /// sale is then undone as a whole), never more than is left refundable.
    /// </summary>
    public static long FeeReturnedOnReject(LedgerTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return transaction.PayoutShares.Count > 0
            ? 0
            : Math.Clamp(transaction.RefundableMinor - transaction.HeldMinor, 0, transaction.FeeMinor);
    }

    public static FreezeOutcome Decide(MerchantLedgerState state, FreezeAccountCommand command)
    {
        Check(state, command);
        if (!state.IsConfigured)
        {
            return new(FreezeResult.AccountNotConfigured, NoEvents);
        }

        return state.Frozen
            ? new(FreezeResult.AlreadyFrozen, NoEvents)
            : new(FreezeResult.Frozen, [new AccountFrozen(command.MerchantId, state.FreezeCount + 1, command.Reason, command.LocalTime)]);
    }

    public static FreezeOutcome Decide(MerchantLedgerState state, UnfreezeAccountCommand command)
    {
        Check(state, command);
        if (!state.IsConfigured)
        {
            return new(FreezeResult.AccountNotConfigured, NoEvents);
        }

        return state.Frozen
            ? new(FreezeResult.Unfrozen, [new AccountUnfrozen(command.MerchantId, state.FreezeCount, command.LocalTime)])
            : new(FreezeResult.NotFrozen, NoEvents);
    }

    /// <summary>
    /// R2/R3: a provisional value date follows the calendar loaded since. Only dates still provisional and
    /// of money not yet instructed move; a repeat with the same dates appends nothing.
    /// </summary>
    public static ReviseValueDatesOutcome Decide(MerchantLedgerState state, ReviseValueDatesCommand command)
    {
        Check(state, command);
        ArgumentNullException.ThrowIfNull(command.Dates);
        if (!state.IsConfigured)
        {
            return new(ReviseValueDatesResult.AccountNotConfigured, NoEvents);
        }

        var events = new List<LedgerEvent>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var recomputed in command.Dates)
        {
            Invariant.Require(recomputed is not null && seen.Add(recomputed.TransactionId), "value dates must name each transaction once");
            var transaction = state.FindTransaction(recomputed!.TransactionId);
            if (transaction is null || !ValueDateRevisable(transaction))
            {
                continue;
            }

            Invariant.Require(recomputed.ValueDate >= transaction.ClearingDate, $"{recomputed.TransactionId}: recomputed value date before clearing date");
            if (recomputed.ValueDate == transaction.ValueDate && recomputed.Provisional)
            {
                continue;
            }

            // Same date but now firm is still journalled: it stops later runs from recomputing it.
            events.Add(new ValueDateRevised(
                command.MerchantId,
                transaction.TransactionId,
                transaction.ValueDateRevisionCount + 1,
                transaction.ValueDate,
                recomputed.ValueDate,
                recomputed.Provisional,
                command.LocalTime));
        }

        return events.Count == 0
            ? new(ReviseValueDatesResult.NothingToRevise, NoEvents)
            : new(ReviseValueDatesResult.Revised, events);
    }

    /// <summary>
    /// A value date may be revised while it is provisional and none of the money was instructed (a payout
    /// share, a deferral or a return means a run already treated it as due).
    /// </summary>
    public static bool ValueDateRevisable(LedgerTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return transaction.ValueDateProvisional
            && !transaction.IsClosed
            && transaction.PayoutShares.Count == 0
            && transaction.DeferredMinor == 0
            && transaction.ReturnedMinor == 0;
    }

    public static SettleOutcome Decide(MerchantLedgerState state, SettleCommand command, LedgerPolicy policy)
    {
        Check(state, command);
        ArgumentNullException.ThrowIfNull(policy);
        if (!state.IsConfigured)
        {
            return new(SettleResult.AccountNotConfigured, null, 0, 0, NoDeferrals, NoEvents);
        }

        if (state.FindRun(command.RunDate) is { } done)
        {
            var amount = done.PayoutId is null ? 0 : state.Payouts[done.PayoutId].AmountMinor;
            return new(SettleResult.AlreadySettled, done.PayoutId, amount, 0, NoDeferrals, NoEvents);
        }

        if (state.LastRunDate is { } lastRun && lastRun > command.RunDate)
        {
            return new(SettleResult.RunDateBeforeLastRun, null, 0, 0, NoDeferrals, NoEvents);
        }

        var plan = SettlementPlan.Build(state, command.RunDate, command.InboundDay ?? command.RunDate, policy);
        if (state.Frozen)
        {
            // No event: the run is not spent, so it can run again the same day once the account is unfrozen.
            return new(SettleResult.AccountFrozen, null, 0, plan.DueMinor, NoDeferrals, NoEvents);
        }

        var account = state.Account;
        if (plan.Allocations.Count == 0)
        {
            return RunWithoutPayout(state, command, SettleResult.NothingDue);
        }

        if (plan.NetMinor <= 0)
        {
            return RunWithoutPayout(state, command, SettleResult.NetNotPositive);
        }

        var payoutId = LedgerRecordIds.Payout(state.MerchantId, command.RunDate, 1);
        var run = new SettlementRunCompleted(
            state.MerchantId,
            command.RunDate,
            command.LocalTime,
            payoutId,
            plan.NetMinor,
            account.AccountType,
            account.Destination,
            plan.Allocations,
            plan.Deferrals,
            SettleResult.PayoutInstructed,
            command.InboundDay);
        return new(SettleResult.PayoutInstructed, payoutId, plan.NetMinor, 0, plan.Deferrals, [run]);
    }

    public static PayoutOutcome Decide(MerchantLedgerState state, RecordPayoutQueuedCommand command)
    {
        Check(state, command);
        var payout = state.FindPayout(command.PayoutId);
        return payout?.Status switch
        {
            null => new(PayoutResult.PayoutNotFound, null, NoEvents),
            PayoutStatus.Queued => new(PayoutResult.AlreadyRecorded, payout.Status, NoEvents),
            PayoutStatus.Instructed => new(PayoutResult.Recorded, PayoutStatus.Queued, [new PayoutQueued(
                command.MerchantId, command.PayoutId, command.Channel, command.Reason, command.LocalTime)]),
            _ => new(PayoutResult.InvalidTransition, payout.Status, NoEvents),
        };
    }

    /// <summary>A payout is sent once: a repeat with the same trace is a retry, another trace is refused.</summary>
    public static PayoutOutcome Decide(MerchantLedgerState state, RecordPayoutSentCommand command)
    {
        Check(state, command);
        Invariant.Require(!string.IsNullOrEmpty(command.TraceId), "sent without a trace id");
        var payout = state.FindPayout(command.PayoutId);
        if (payout is null)
        {
            return new(PayoutResult.PayoutNotFound, null, NoEvents);
        }

        if (payout.TraceId is not null)
        {
            return payout.TraceId == command.TraceId
                ? new(PayoutResult.AlreadyRecorded, payout.Status, NoEvents)
                : new(PayoutResult.ConflictDifferentTrace, payout.Status, NoEvents);
        }

        return payout.Status is PayoutStatus.Instructed or PayoutStatus.Queued
            ? new(PayoutResult.Recorded, PayoutStatus.Sent, [new PayoutSent(command.MerchantId, command.PayoutId, command.Channel, command.TraceId, command.LocalTime)])
            : new(PayoutResult.InvalidTransition, payout.Status, NoEvents);
    }

    public static PayoutOutcome Decide(MerchantLedgerState state, RecordPayoutCreditedCommand command)
    {
        Check(state, command);
        var payout = state.FindPayout(command.PayoutId);
        return payout?.Status switch
        {
            null => new(PayoutResult.PayoutNotFound, null, NoEvents),
            PayoutStatus.Credited => new(PayoutResult.AlreadyRecorded, payout.Status, NoEvents),
            PayoutStatus.Sent => new(PayoutResult.Recorded, PayoutStatus.Credited, [new PayoutCredited(command.MerchantId, command.PayoutId, command.LocalTime)]),
            _ => new(PayoutResult.InvalidTransition, payout.Status, NoEvents),
        };
    }

    /// <summary>Returns are accepted from any live status (a failed send, or a credit the bank bounced later).</summary>
    public static PayoutOutcome Decide(MerchantLedgerState state, RecordPayoutReturnedCommand command)
    {
        Check(state, command);
        var payout = state.FindPayout(command.PayoutId);
        return payout?.Status switch
        {
            null => new(PayoutResult.PayoutNotFound, null, NoEvents),
            PayoutStatus.Returned => new(PayoutResult.AlreadyRecorded, payout.Status, NoEvents),
            _ => new(PayoutResult.Recorded, PayoutStatus.Returned, [new PayoutReturned(command.MerchantId, command.PayoutId, command.Reason, command.LocalTime)]),
        };
    }

    /// <summary>A part of a split payout returned: only while the payout is live, once per part, never more than it holds.</summary>
    public static PayoutOutcome Decide(MerchantLedgerState state, RecordPayoutPartReturnedCommand command)
    {
        Check(state, command);
        var payout = state.FindPayout(command.PayoutId);
        if (payout is null)
        {
            return new(PayoutResult.PayoutNotFound, null, NoEvents);
        }

        if (payout.PartReturns.Any(p => p.PartId == command.PartId))
        {
            return new(PayoutResult.AlreadyRecorded, payout.Status, NoEvents);
        }

        var stillHeld = payout.AmountMinor - payout.PartReturns.Sum(p => p.AmountMinor);
        if (payout.Status is PayoutStatus.Returned or PayoutStatus.Credited || command.AmountMinor <= 0 || command.AmountMinor > stillHeld)
        {
            return new(PayoutResult.InvalidTransition, payout.Status, NoEvents);
        }

        return new(PayoutResult.Recorded, payout.Status, [new PayoutPartReturned(
            command.MerchantId, command.PayoutId, command.PartId, command.AmountMinor, command.Reason, command.LocalTime)]);
    }

    private static SettleOutcome RunWithoutPayout(MerchantLedgerState state, SettleCommand command, SettleResult result)
    {
        var run = new SettlementRunCompleted(
            state.MerchantId, command.RunDate, command.LocalTime, null, 0, state.Account.AccountType, state.Account.Destination, [], [], result);
        return new(result, null, 0, 0, NoDeferrals, [run]);
    }

    private static (LedgerTransaction? Transaction, HoldOutcome? Refusal) FindActiveHold(MerchantLedgerState state, string transactionId)
    {
        var transaction = state.FindTransaction(transactionId);
        if (transaction is null)
        {
            return (null, new(HoldResult.TransactionNotFound, 0, null, NoEvents));
        }

        if (transaction.IsClosed)
        {
            return (transaction, new(HoldResult.TransactionClosed, 0, null, NoEvents));
        }

        return transaction.IsHeld ? (transaction, null) : (transaction, new(HoldResult.NotHeld, 0, null, NoEvents));
    }

    /// <summary>A ledger holds one merchant; a command for another reaching it is a routing bug.</summary>
    private static void Check(MerchantLedgerState state, LedgerCommand command)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(command);
        Invariant.Require(!string.IsNullOrEmpty(command.MerchantId), "command without a merchant id: it skipped validation");
        Invariant.Require(
            !state.IsConfigured || state.MerchantId == command.MerchantId,
            $"command for merchant {command.MerchantId} reached the ledger of {state.MerchantId}");
    }
}
