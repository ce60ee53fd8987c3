using System.Text.Json;
using AcquirerEngine.Domain.Calendars;
using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Domain.Explanations;
using AcquirerEngine.Domain.Fees;
using AcquirerEngine.Domain.Ledger;
using AcquirerEngine.Domain.Merchants;
using AcquirerEngine.Domain.Risk;
using AcquirerEngine.Domain.Settlement;
using AcquirerEngine.Domain.Terminals;
using AcquirerEngine.Grains.Alerts;
using AcquirerEngine.Grains.Calendars;
using AcquirerEngine.Grains.Channels;
using AcquirerEngine.Grains.Payouts;
using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Storage;
using PayoutOutcome = AcquirerEngine.Grains.Payouts.PayoutOutcome;
using ReturnBackoff = AcquirerEngine.Domain.Payouts.ReturnBackoff;

namespace AcquirerEngine.Grains.Merchants;

/// <summary>
/// A merchant: profile and settlement ledger in one state, written with the ledger's journal records in one
/// versioned write. Terminals forward their facts here (deduped by transaction id); the daily "settlement"
/// reminder settles the tick's local date and hands each new payout to the rail the router chose; the rails
/// report back through <see cref="NotifyPayoutAsync"/>.
/// Call discipline (turns are not reentrant): this grain calls the alert grain and the merchant directory
/// (which call no one) from any turn, and the rails from its settlement tick (EnqueueAsync) and its explanations
/// (GetStatusAsync, for announced maintenance); neither rail call waits on a merchant, and rails deliver notices from outside their own turns (RunOutsideTurn), so a merchant awaiting
/// a rail never waits on itself. Terminals call merchants; merchants never call terminals.
/// Journaled on the hot path: the ledger is a projection of its events, so a terminal fact (capture without a
/// risk alert, cancel, refund) appends only its ledger records, and a settlement run appends its ledger records
/// with the payout's tracking (routed, then accepted by its rail: <see cref="MerchantJournal.PayoutTrackedKind"/>);
/// every other change (profile, alerts, refusals, rail failures, notices, split payouts) writes the full state.
/// Activation replays the records after the snapshot.
/// </summary>
public sealed partial class MerchantGrain : JournaledGrain<MerchantGrainState>, IMerchantGrain, IRemindable
{
    public const string GrainTypeName = "merchant";

    public const string SettlementReminderName = "settlement";

    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    private readonly CalendarSource _calendars;
    private readonly MerchantSettlementOptions _options;

    // The ledger policy with this merchant's first-sale threshold (PolicyFor), kept while the threshold holds.
    private LedgerPolicy? _ownPolicy;
    private AcquirerClock? _clock;

    /// <summary>
    /// Payouts a rail accepted whose acceptance this activation holds in memory only (see <see cref="DispatchAsync"/>):
    /// written with this merchant's next append, by its next full write, or when it leaves gracefully. A crash loses
    /// only this flag, which the rail's notices or the next run's hand-over (answered "already queued") restore.
    /// A list, not a set: it holds one payout id between two writes nearly always, and every merchant keeps it from
    /// its first run on, so a hash set's buckets and entries per merchant were heap the nightly run left behind.
    /// </summary>
    private List<string>? _acceptancesUnwritten;

    /// <summary>Built-in calendar and default options (what a host that wires no settlement gets).</summary>
    public MerchantGrain()
        : this(new CalendarSource(BuiltInCalendars.ChinaMainland), MerchantSettlementOptions.Default)
    {
    }

    public MerchantGrain(CalendarSource calendars, MerchantSettlementOptions options)
    {
        ArgumentNullException.ThrowIfNull(calendars);
        ArgumentNullException.ThrowIfNull(options);
        _calendars = calendars;
        _options = options;
    }

    private AcquirerClock Clock => _clock ??= new AcquirerClock(TimeProvider, _options.TimeZone);

    private string MerchantId => GetPrimaryKeyString();

    private MerchantProfile? Profile => State.Merchant.Profile;

    /// <summary>Memory equals the store again: the state's copies of this merchant's id become the grain key's instance.</summary>
    protected override void OnStateSynchronized()
    {
        var key = GetPrimaryKeyString();
        if (!ReferenceEquals(State.Merchant.MerchantId, key) && string.Equals(State.Merchant.MerchantId, key, StringComparison.Ordinal))
        {
            State.Merchant.MerchantId = key;
        }

        if (!ReferenceEquals(State.Ledger.MerchantId, key) && string.Equals(State.Ledger.MerchantId, key, StringComparison.Ordinal))
        {
            State.Ledger.MerchantId = key;
        }
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _clock = new AcquirerClock(TimeProvider, _options.TimeZone);

        // The profile is written before the reminder is registered: a crash in between is repaired here.
        await EnsureSettlementReminderAsync();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // A graceful leave writes the acceptances held in memory only; after a failed write memory is not trusted.
        if (_acceptancesUnwritten is { Count: > 0 }
            && reason.ReasonCode is DeactivationReasonCode.ActivationIdle or DeactivationReasonCode.ShuttingDown or DeactivationReasonCode.ActivationLimitReached)
        {
            try
            {
                await AppendAsync(WithUnwrittenAcceptances([]));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Harmless: the rail's notices or the next run's hand-over restore the acceptance.
            }
        }
    }

    public async Task<OnboardOutcome> OnboardAsync(string name)
    {
        var outcome = MerchantOnboarding.Onboard(State.Merchant, MerchantId, name);
        if (outcome != OnboardOutcome.AlreadyOnboarded)
        {
            await WriteStateAsync();
        }

        return outcome;
    }

    public async Task<OnboardOutcome> OnboardAsync(MerchantProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (profile.MerchantId != MerchantId)
        {
            throw new ArgumentException($"profile of {profile.MerchantId} sent to merchant {MerchantId}", nameof(profile));
        }

        var outcome = MerchantOnboarding.Onboard(State.Merchant, profile);
        var configure = MerchantLedgerDecider.Decide(
            State.Ledger,
            new ConfigureAccountCommand(
                MerchantId, profile.Account.AccountType, profile.Account.Destination, profile.Cycle.ToString(), profile.SameDayQuotaMinor));
        if (outcome != OnboardOutcome.AlreadyOnboarded || configure.ChangesState)
        {
            await CommitAsync(configure.Events);
        }

        await EnsureSettlementReminderAsync();

        // Every attempt (also a repeat) lists the merchant, so a failure here is repaired by the operator's retry.
        await GrainFactory.GetGrain<IMerchantDirectoryGrain>(MerchantDirectoryGrain.AllKey).AddAsync(MerchantId);
        return outcome;
    }

    public Task<MerchantSnapshot?> GetAsync() =>
        Task.FromResult(State.Merchant.Onboarded
            ? new MerchantSnapshot(State.Merchant.MerchantId, State.Merchant.Name, [.. State.Merchant.TerminalIds])
            : null);

    public Task<MerchantProfile?> GetProfileAsync() => Task.FromResult(Profile);

    public async Task<bool> AddTerminalAsync(string terminalId)
    {
        if (!State.Merchant.Onboarded)
        {
            return false;
        }

        if (MerchantOnboarding.AddTerminal(State.Merchant, terminalId))
        {
            await WriteStateAsync();
        }

        return true;
    }

    public async Task<TerminalFactResult> CaptureSaleAsync(SaleApproved sale)
    {
        ArgumentNullException.ThrowIfNull(sale);
        if (Profile is not { } profile || !State.Ledger.IsConfigured)
        {
            return TerminalFactResult.RetryLater;
        }

        if (sale.MerchantId != MerchantId)
        {
            return TerminalFactResult.Rejected;
        }

        var quote = FeeCalculator.Fee(sale.AmountMinor, sale.CardType, profile.Pricing);
        if (quote.Result != FeeResult.Calculated)
        {
            // The terminal approved it, so the money is real: price it at the credit rate rather than lose it.
            quote = FeeCalculator.Fee(sale.AmountMinor, CardType.Credit, profile.Pricing);
        }

        var clearing = _options.CutOff.ClearingDate(sale.LocalTime);
        var valueDate = ValueDates.For(clearing, profile.Cycle, _calendars.Current);
        var command = new CaptureSaleCommand(
            MerchantId, sale.RecordId, sale.AmountMinor, quote.FeeMinor, sale.CardType, sale.CardToken, sale.LocalTime, clearing, valueDate.Date, valueDate.Provisional);
        var outcome = MerchantLedgerDecider.Decide(State.Ledger, command, PolicyFor(profile));
        switch (outcome.Result)
        {
            case CaptureResult.Duplicate:
                return TerminalFactResult.Duplicate;
            case CaptureResult.ConflictDifferentBody:
                return TerminalFactResult.Rejected;
            case CaptureResult.AccountNotConfigured:
                return TerminalFactResult.RetryLater;
        }

        // A capture's risk alerts ride in its append, one record each, so an alert costs a record, not a rewrite of
        // the merchant's whole state (the ledger of the day, hundreds of kilobytes at a peak).
        var alerts = outcome.Risk?.Alerts ?? [];
        await AppendLedgerAsync(outcome.Events, alerts.Count == 0 ? [] : [.. alerts.Select(ToAlertRecord)]);
        await RaisePendingAlertsAsync();
        return TerminalFactResult.Recorded;
    }

    public async Task<TerminalFactResult> CancelSaleAsync(SaleCancellation cancellation)
    {
        ArgumentNullException.ThrowIfNull(cancellation);
        if (Profile is null || !State.Ledger.IsConfigured)
        {
            return TerminalFactResult.RetryLater;
        }

        var outcome = MerchantLedgerDecider.Decide(
            State.Ledger, new CancelSaleCommand(MerchantId, cancellation.TransactionId, cancellation.Kind, cancellation.LocalTime));
        switch (outcome.Result)
        {
            case CancelResult.Cancelled:
                await AppendLedgerAsync(outcome.Events);
                return TerminalFactResult.Recorded;
            case CancelResult.AlreadyCancelled:
                return TerminalFactResult.Duplicate;
            case CancelResult.RefundRequired:
            {
                // The card debit was undone after the sale was already paid out: claw it back from the next payout.
                var refund = MerchantLedgerDecider.Decide(
                    State.Ledger,
                    new RecordRefundCommand(MerchantId, cancellation.TransactionId, cancellation.RecordId, cancellation.AmountMinor, cancellation.LocalTime));
                return await RefundResultAsync(refund);
            }

            default:
                return TerminalFactResult.Rejected;
        }
    }

    public async Task<TerminalFactResult> RefundSaleAsync(SaleRefunded refund)
    {
        ArgumentNullException.ThrowIfNull(refund);
        if (Profile is null || !State.Ledger.IsConfigured)
        {
            return TerminalFactResult.RetryLater;
        }

        var original = RecordIds.Sale(refund.MerchantId, refund.TerminalId, refund.OriginalBatchNo, refund.OriginalStan, refund.OriginalLocalDate);
        var outcome = MerchantLedgerDecider.Decide(
            State.Ledger, new RecordRefundCommand(MerchantId, original, refund.RecordId, refund.AmountMinor, refund.LocalTime));
        return await RefundResultAsync(outcome);
    }

    public async Task<FreezeResult> FreezeAsync(string reason)
    {
        // A merchant never onboarded has no state to keep: writing one would create a phantom record.
        if (!State.Merchant.Onboarded || !State.Ledger.IsConfigured)
        {
            return FreezeResult.AccountNotConfigured;
        }

        var outcome = MerchantLedgerDecider.Decide(State.Ledger, new FreezeAccountCommand(MerchantId, reason ?? "", Clock.LocalNow));
        if (outcome.ChangesState)
        {
            await CommitAsync(outcome.Events);
        }

        return outcome.Result;
    }

    public async Task<FreezeResult> UnfreezeAsync()
    {
        if (!State.Merchant.Onboarded || !State.Ledger.IsConfigured)
        {
            return FreezeResult.AccountNotConfigured;
        }

        var outcome = MerchantLedgerDecider.Decide(State.Ledger, new UnfreezeAccountCommand(MerchantId, Clock.LocalNow));

        // The operator acting on the merchant's account also ends a back-off after account-level returns.
        var endsBackoff = State.ReturnBackoff is not null;
        State.ReturnBackoff = null;
        if (outcome.ChangesState || endsBackoff)
        {
            await CommitAsync(outcome.Events);
        }

        return outcome.Result;
    }

    public Task<IReadOnlyList<HoldView>> ListHoldsAsync() => Task.FromResult(LedgerQueries.ListHolds(State.Ledger));

    public async Task<HoldResult> ReleaseHoldAsync(string transactionId)
    {
        var outcome = MerchantLedgerDecider.Decide(State.Ledger, new ReleaseHoldCommand(MerchantId, transactionId, Clock.LocalNow));
        await CommitAsync(outcome.Events);
        return outcome.Result;
    }

    public async Task<HoldResult> RejectHoldAsync(string transactionId, string reason)
    {
        var outcome = MerchantLedgerDecider.Decide(State.Ledger, new RejectHoldCommand(MerchantId, transactionId, reason ?? "", Clock.LocalNow));
        await CommitAsync(outcome.Events);
        return outcome.Result;
    }

    public Task<MerchantBalanceView?> GetBalanceAsync() =>
        Task.FromResult(State.Merchant.Onboarded
            ? new MerchantBalanceView(MerchantId, LedgerQueries.Balance(State.Ledger), State.Ledger.Frozen, State.Ledger.FrozenReason)
            : null);

    public Task<IReadOnlyList<MerchantPayoutView>> ListPayoutsAsync()
    {
        var context = ExplanationContextNow();
        IReadOnlyList<MerchantPayoutView> payouts = State.Ledger.Payouts.Values
            .OrderBy(p => p.RunDate)
            .ThenBy(p => p.PayoutId, StringComparer.Ordinal)
            .Select(p => LedgerQueries.Payout(State.Ledger, p.PayoutId)!)
            .Select(view => new MerchantPayoutView(view, MoneyExplainer.ForPayout(view, State.Payouts.GetValueOrDefault(view.PayoutId), context)))
            .ToList();
        return Task.FromResult(payouts);
    }

    /// <summary>Explains with the maintenance the rails announced, so a payout ahead of a window is explained by it.</summary>
    public async Task<Explanation?> ExplainTransactionAsync(string transactionId) =>
        await ExplainTransactionAsync(transactionId, await AnnouncedMaintenanceAsync());

    public async Task<Explanation?> ExplainPayoutAsync(string payoutId) =>
        await ExplainPayoutAsync(payoutId, await AnnouncedMaintenanceAsync());

    private Task<Explanation?> ExplainTransactionAsync(string transactionId, IReadOnlyList<MaintenanceWindow> windows)
    {
        var view = LedgerQueries.Transaction(State.Ledger, transactionId);
        if (view is null)
        {
            return Task.FromResult<Explanation?>(null);
        }

        var payout = view.PayoutId is { } id ? LedgerQueries.Payout(State.Ledger, id) : null;
        var tracking = view.PayoutId is { } pid ? State.Payouts.GetValueOrDefault(pid) : null;
        return Task.FromResult<Explanation?>(MoneyExplainer.ForTransaction(view, payout, tracking, ExplanationContextNow(windows)));
    }

    private Task<Explanation?> ExplainPayoutAsync(string payoutId, IReadOnlyList<MaintenanceWindow> windows)
    {
        var view = LedgerQueries.Payout(State.Ledger, payoutId);
        return Task.FromResult(view is null
            ? null
            : MoneyExplainer.ForPayout(view, State.Payouts.GetValueOrDefault(payoutId), ExplanationContextNow(windows)));
    }

    public async Task NotifyPayoutAsync(PayoutNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var payout = State.Ledger.FindPayout(notice.PayoutId);
        if (payout is null && notice.MerchantId == MerchantId && SplitParent(notice.PayoutId) is { } parent)
        {
            await NotifyPartAsync(parent, notice);
            return;
        }

        if (payout is null || notice.MerchantId != MerchantId)
        {
            return;
        }

        var channel = notice.Channel.ToString();
        var tracking = State.Payouts.GetValueOrDefault(notice.PayoutId) ?? new PayoutTracking { PayoutId = notice.PayoutId };
        var before = tracking;
        var events = new List<LedgerEvent>();
        void Decide(LedgerCommand command)
        {
            var outcome = MerchantLedgerDecider.Decide(State.Ledger, command, _options.Ledger);
            foreach (var e in outcome.Events)
            {
                State.Ledger.Apply(e);
                events.Add(e);
            }
        }

        tracking = tracking with { Channel = notice.Channel, Accepted = true, TraceId = notice.TraceId ?? tracking.TraceId };
        switch (notice.Outcome)
        {
            case PayoutOutcome.Queued:
                tracking = tracking with { QueueReason = notice.Reason };
                if (payout.Status == PayoutStatus.Instructed)
                {
                    Decide(new RecordPayoutQueuedCommand(MerchantId, notice.PayoutId, channel, notice.Reason, notice.AtLocal));
                }

                break;
            case PayoutOutcome.Sent:
                tracking = tracking with { SentAtLocal = tracking.SentAtLocal ?? notice.AtLocal, NextOpeningLocal = null, ValueDate = notice.ValueDate ?? tracking.ValueDate };
                Decide(new RecordPayoutSentCommand(MerchantId, notice.PayoutId, channel, notice.TraceId ?? notice.PayoutId, notice.AtLocal));
                break;
            case PayoutOutcome.Credited:
                if (payout.Status is PayoutStatus.Instructed or PayoutStatus.Queued)
                {
                    Decide(new RecordPayoutSentCommand(MerchantId, notice.PayoutId, channel, notice.TraceId ?? notice.PayoutId, notice.AtLocal));
                    tracking = tracking with { SentAtLocal = tracking.SentAtLocal ?? notice.AtLocal };
                }

                tracking = tracking with { CreditedAtLocal = tracking.CreditedAtLocal ?? notice.AtLocal, NextOpeningLocal = null, ValueDate = notice.ValueDate ?? tracking.ValueDate };
                var creditedBefore = events.Count;
                Decide(new RecordPayoutCreditedCommand(MerchantId, notice.PayoutId, notice.AtLocal));
                if (events.Count > creditedBefore)
                {
                    // The account takes money again: an account-level back-off episode is over.
                    State.ReturnBackoff = null;
                }

                break;
            case PayoutOutcome.Returned:
                tracking = tracking with { ReturnedAtLocal = tracking.ReturnedAtLocal ?? notice.AtLocal, NextOpeningLocal = null };
                if (payout.Status == PayoutStatus.Instructed && payout.Channel is null)
                {
                    // Returned before any Sent notice (the bank refused at once): the rail did hold it, so record
                    // that first, or the ledger's payout view would never name the rail the money went through.
                    Decide(new RecordPayoutQueuedCommand(MerchantId, notice.PayoutId, channel, $"handed to {channel}", notice.AtLocal));
                }

                var returnedBefore = events.Count;
                Decide(new RecordPayoutReturnedCommand(MerchantId, notice.PayoutId, notice.Reason, notice.AtLocal));
                if (events.Count > returnedBefore)
                {
                    if (ReturnBackoff.IsAccountLevel(notice.Reason, _options.AccountLevelReturnReasons))
                    {
                        State.ReturnBackoff = ReturnBackoff.After(
                            State.ReturnBackoff, notice.Reason, DateOnly.FromDateTime(notice.AtLocal), _calendars.Current, _options.ReturnBackoffMaxWorkingDays);
                    }

                    // Journalled in the same write as the return, so a crash cannot lose the alert (at least once).
                    State.PendAlert(PayoutReturnedAlert(payout, notice));
                }

                break;
        }

        if (events.Count == 0 && tracking == before)
        {
            return;
        }

        State.Payouts[notice.PayoutId] = tracking;
        await WriteStateAsync([.. events.Select(MerchantJournal.ToRecord)]);

        // Never blocks the notice: an alert grain that fails leaves the alert pending for the next turn that raises.
        await RaisePendingAlertsAsync();
    }

    public Task<string?> FindConservationViolationAsync() => Task.FromResult(LedgerConservation.FindViolation(State.Ledger));

    public Task<MerchantLedgerState> GetLedgerAsync() =>
        Task.FromResult(JsonSerializer.Deserialize<MerchantLedgerState>(JsonSerializer.SerializeToUtf8Bytes(State.Ledger))!);

    /// <summary>
    /// The daily settlement tick. Settles the tick's scheduled local date (catch-up after downtime settles each
    /// missed day in order), then hands every payout not yet accepted by a rail to its rail. Idempotent: the
    /// ledger settles a run date once, the route is persisted with the payout, and a rail queues a payout id once.
    /// </summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != SettlementReminderName)
        {
            return;
        }

        await RaisePendingAlertsAsync();
        if (Profile is not { } profile || !State.Ledger.IsConfigured)
        {
            return;
        }

        var tickLocal = Clock.ToLocal(status.CurrentTickTime);
        var runDate = DateOnly.FromDateTime(tickLocal);

        // R4 with maintenance: routing sees the windows the rails announced, so a payout due while its
        // preferred rail is down takes an open rail within its cap instead of queueing behind the window. The
        // runs of one engine share one fresh answer (AnnouncedMaintenanceCache) instead of each asking every rail.
        var windows = await SharedAnnouncedMaintenanceAsync();

        // R2/R3: a calendar year loaded since capture moves provisional value dates before the run decides
        // what is due, and the revisions are journalled in the same write as the run.
        var events = new List<LedgerEvent>();
        var revise = MerchantLedgerDecider.Decide(
            State.Ledger, new ReviseValueDatesCommand(MerchantId, RecomputeProvisionalValueDates(profile.Cycle), tickLocal));
        foreach (var e in revise.Events)
        {
            State.Ledger.Apply(e);
            events.Add(e);
        }

        // After account-level returns in a row the run is skipped until the back-off ends: nothing is spent, so the
        // first run that may pay settles everything due by then (the money waits in the ledger, conserved).
        var backingOff = State.ReturnBackoff is { } backoff && runDate < backoff.ResumeOn;
        var outcome = backingOff
            ? null
            : MerchantLedgerDecider.Decide(
                State.Ledger, new SettleCommand(MerchantId, runDate, tickLocal, DateOnly.FromDateTime(Clock.LocalNow)), PolicyFor(profile));
        foreach (var e in outcome?.Events ?? [])
        {
            State.Ledger.Apply(e);
            events.Add(e);
        }

        var records = MerchantJournal.ToRecords(events, more: 1);
        if (outcome is { Result: SettleResult.PayoutInstructed, PayoutId: { } payoutId })
        {
            var routed = Route(payoutId, outcome.PayoutAmountMinor, tickLocal, profile, windows);
            State.Payouts[payoutId] = routed;
            records.Add(MerchantJournal.PayoutTracked(MerchantJournal.PayoutRoutedId(payoutId), routed, railAvailable: null));
        }

        if (events.Count > 0)
        {
            // The run's whole state change is its ledger events and the new payout's route: appended, not the full
            // state (alerts raised above leave the pending list lazily, as after any append: at least once).
            await AppendAsync(WithUnwrittenAcceptances(records));
        }

        await DispatchAsync(tickLocal, profile, windows);
        await RaisePendingAlertsAsync();

        // Counted once the run is complete: a tick delivered again after a rail was unavailable counts once.
        if (outcome is not null)
        {
            GrainsMetrics.SettlementRun(outcome.Result);
        }
    }

    private static string RiskKind(RiskAlertKind kind) => kind switch
    {
        RiskAlertKind.AbnormalFlow => AlertKinds.AbnormalFlow,
        RiskAlertKind.NewMerchantLargeFirstSale => MerchantAlertKinds.NewMerchantLargeFirstSale,
        RiskAlertKind.TicketFarAboveAverage => MerchantAlertKinds.TicketFarAboveAverage,
        RiskAlertKind.DailyVolumeSpike => MerchantAlertKinds.DailyVolumeSpike,
        RiskAlertKind.LargeNightSale => MerchantAlertKinds.LargeNightSale,
        RiskAlertKind.RoundAmount => MerchantAlertKinds.RoundAmount,
        _ => "risk-" + kind.ToString().ToLowerInvariant(),
    };

    private AlertRecord ToAlertRecord(RiskAlert alert) => new(
        RiskKind(alert.Kind),
        alert.MerchantId,
        $"merchant {alert.MerchantId}, transaction {alert.TransactionId}",
        alert.Message,
        alert.LocalTime,
        $"risk:{alert.MerchantId}:{alert.TransactionId}:{alert.Kind}");

    private AlertRecord PayoutReturnedAlert(LedgerPayout payout, PayoutNotice notice) => new(
        MerchantAlertKinds.PayoutReturned,
        MerchantId,
        $"merchant {MerchantId}, payout {payout.PayoutId}",
        $"merchant {MerchantId} ({State.Merchant.Name}): payout {payout.PayoutId} of {MoneyText.Cny(payout.AmountMinor)} "
            + $"was returned by the bank via {notice.Channel}: {notice.Reason}. {WhatNextAfterReturn()}",
        notice.AtLocal,
        $"{MerchantAlertKinds.PayoutReturned}:{payout.PayoutId}");

    /// <summary>One alert per episode (from the first failure until a hand-over to that rail succeeds), not per retry.</summary>
    private async Task RailFailedAsync(ChannelKind kind, LedgerPayout payout, Exception ex, DateTime tickLocal)
    {
        if (!State.RailUnavailableSince.ContainsKey(kind))
        {
            State.RailUnavailableSince[kind] = tickLocal;
            State.PendAlert(RailUnavailableAlert(kind, payout, $"{ex.GetType().Name}: {ex.Message}", tickLocal));
            await WriteStateAsync();
        }
    }

    private AlertRecord RailUnavailableAlert(ChannelKind kind, LedgerPayout payout, string error, DateTime sinceLocal) => new(
        MerchantAlertKinds.PayoutRailUnavailable,
        MerchantId,
        $"merchant {MerchantId}, {kind} payout rail",
        $"merchant {MerchantId} ({State.Merchant.Name}): the {kind} payout rail failed when handed payout {payout.PayoutId} of "
            + $"{MoneyText.Cny(payout.AmountMinor)} ({error}). The payout stays instructed and every settlement run tries again; "
            + "no further alert is raised until a hand-over succeeds.",
        sinceLocal,
        $"{MerchantAlertKinds.PayoutRailUnavailable}:{MerchantId}:{kind}:{sinceLocal:yyyyMMddHHmmss}");

    /// <summary>What happens to returned money: the next run pays it, or (account-level returns in a row) the back-off.</summary>
    private string WhatNextAfterReturn() =>
        State.ReturnBackoff is { ConsecutiveReturns: > 1 } backoff
            ? $"This account returned {backoff.ConsecutiveReturns} payouts in a row for an account-level reason: the money stays "
              + $"in the returned balance and no payout is sent before the settlement run of {MoneyText.Date(backoff.ResumeOn)} "
              + "(back-off), unless an operator unfreezes the merchant after fixing the account."
            : "It is paid again by the next settlement run.";

    /// <summary>
    /// One alert per payout and reason slug: a payout refused for the same reason every day alerts once, a new
    /// reason (the queue emptied but the route vanished) alerts again.
    /// </summary>
    private AlertRecord PayoutNotDispatchedAlert(LedgerPayout payout, string reasonSlug, string reason, DateTime atLocal) => new(
        MerchantAlertKinds.PayoutNotDispatched,
        MerchantId,
        $"merchant {MerchantId}, payout {payout.PayoutId}",
        $"merchant {MerchantId} ({State.Merchant.Name}): payout {payout.PayoutId} of {MoneyText.Cny(payout.AmountMinor)} "
            + $"could not be handed to a payout rail: {reason}. The next settlement run tries again.",
        atLocal,
        $"{MerchantAlertKinds.PayoutNotDispatched}:{payout.PayoutId}:{reasonSlug}");

    private LedgerPolicy PolicyFor(MerchantProfile profile)
    {
        if (profile.FirstSaleHoldAboveMinor is not { } threshold)
        {
            return _options.Ledger;
        }

        // Every capture asks: the policies are immutable, so the merchant's own is built once per threshold
        // instead of two policy objects per sale.
        if (_ownPolicy is not { } own || own.Risk.NewMerchantFirstSaleHoldAboveMinor != threshold)
        {
            own = _options.Ledger with { Risk = _options.Ledger.Risk with { NewMerchantFirstSaleHoldAboveMinor = threshold } };
            _ownPolicy = own;
        }

        return own;
    }

    private PayoutTracking Route(string payoutId, long amountMinor, DateTime atLocal, MerchantProfile profile, IReadOnlyList<MaintenanceWindow> windows)
    {
        // The rails' statuses at this instant are the same for every merchant's run: built once per engine, not per payout.
        var decision = PayoutRouting.Route(
            amountMinor,
            Destination(profile),
            atLocal,
            _calendars.Current,
            _options.Channels,
            windows,
            _options.RoutingPolicy,
            statusAt: SharedChannelStatuses.For(GrainFactory).StatusAt);
        var channel = decision.Parts.Count > 0 ? decision.Parts[0].Channel : decision.Channel;
        return new PayoutTracking
        {
            PayoutId = payoutId,
            Channel = channel,
            RouteReason = decision.Reason,
            InstructedAtLocal = atLocal,
            // Typed so that a payout travelling whole (nearly all) shares the empty array instead of keeping a list.
            Parts = decision.Parts.Count > 1 ? PartsOf(payoutId, decision) : Array.Empty<PayoutPartTracking>(),
        };
    }

    /// <summary>
    /// The maintenance windows every rail has announced. Safe from this turn: a rail's status call waits on
    /// no merchant (rails notify merchants from outside their own turns).
    /// </summary>
    private async Task<IReadOnlyList<MaintenanceWindow>> AnnouncedMaintenanceAsync()
    {
        // Asked of every rail at once: at the nightly run each rail's mailbox is busy with enqueues, and waiting for the
        // rails one after another would add their waits to every merchant's run. The windows keep the rails' order.
        var statuses = await Task.WhenAll(_options.Channels.Select(
            config => GrainFactory.GetGrain<IBankChannelGrain>(BankChannelGrain.KeyFor(config.Kind)).GetStatusAsync()));
        return [.. statuses.SelectMany(status => status.MaintenanceWindows)];
    }

    /// <summary>The windows the rails announced, as a recent run of this engine heard them, without the ones over by now.</summary>
    private async Task<IReadOnlyList<MaintenanceWindow>> SharedAnnouncedMaintenanceAsync()
    {
        var windows = await AnnouncedMaintenanceCache.For(GrainFactory).GetAsync(Clock.UtcNow, AnnouncedMaintenanceAsync);
        var nowLocal = Clock.LocalNow;
        foreach (var window in windows)
        {
            if (window.End <= nowLocal)
            {
                return NotOverBy(windows, nowLocal);
            }
        }

        // None is over (the common case): the shared list as it is, without a closure per run.
        return windows;
    }

    private static List<MaintenanceWindow> NotOverBy(IReadOnlyList<MaintenanceWindow> windows, DateTime nowLocal) =>
        [.. windows.Where(w => w.End > nowLocal)];

    /// <summary>
    /// Hands every payout the ledger instructed and no rail accepted yet to its rail, oldest first. A payout no
    /// rail takes stays for the next tick and raises a payout-not-dispatched alert, so operators need not poll.
    /// </summary>
    private async Task DispatchAsync(DateTime tickLocal, MerchantProfile profile, IReadOnlyList<MaintenanceWindow> windows)
    {
        // A loop, sorted only when more than one waits: the ledger keeps every payout it ever made, and each run
        // (nearly always with one payout waiting) paid for two filters, a sort and their delegates.
        var waiting = new List<LedgerPayout>(1);
        foreach (var (_, p) in State.Ledger.Payouts)
        {
            if (p.Status is PayoutStatus.Instructed or PayoutStatus.Queued
                && State.Payouts.GetValueOrDefault(p.PayoutId) is not { Accepted: true })
            {
                waiting.Add(p);
            }
        }

        if (waiting.Count > 1)
        {
            waiting = [.. waiting.OrderBy(p => p.RunDate).ThenBy(p => p.PayoutId, StringComparer.Ordinal)];
        }

        foreach (var payout in waiting)
        {
            var tracking = State.Payouts.GetValueOrDefault(payout.PayoutId);
            if (tracking?.Channel is null)
            {
                tracking = Route(payout.PayoutId, payout.AmountMinor, tickLocal, profile, windows);
                if (tracking.Channel is null)
                {
                    State.PendAlert(PayoutNotDispatchedAlert(
                        payout, "no-route", tracking.RouteReason ?? "no payout rail can carry it", tickLocal));
                    State.Payouts[payout.PayoutId] = tracking;
                    await WriteStateAsync();
                    continue;
                }
            }

            if (tracking.Parts.Count > 0)
            {
                await DispatchPartsAsync(payout, tracking, profile, tickLocal);
                continue;
            }

            var kind = tracking.Channel!.Value;
            var instruction = new PayoutInstruction(
                payout.PayoutId,
                MerchantId,
                payout.AmountMinor,
                _options.Currency,
                new PayoutAccount(profile.Account.BankCode, profile.Account.AccountNumber, Destination(profile)),
                kind,
                payout.RunDate,
                tracking.InstructedAtLocal ?? tickLocal);
            PayoutEnqueueResult result;
            try
            {
                result = await GrainFactory.GetGrain<IBankChannelGrain>(BankChannelGrain.KeyFor(kind)).EnqueueAsync(instruction);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The rail is unavailable: the payout stays instructed and the next tick hands it over again.
                await RailFailedAsync(kind, payout, ex, tickLocal);
                continue;
            }

            var railEpisodeEnded = State.RailUnavailableSince.Remove(kind);

            var events = new List<LedgerEvent>();
            var accepted = result.IsQueued || result.Outcome is EnqueueOutcome.AlreadyFinished or EnqueueOutcome.AlreadyInTransit;
            if (accepted)
            {
                var closed = result.ChannelState != ChannelState.Open;
                tracking = tracking with
                {
                    Accepted = true,
                    QueueReason = result.Reason,
                    NextOpeningLocal = closed ? result.NextOpeningLocal : null,
                };
                if (closed && State.Ledger.FindPayout(payout.PayoutId)!.Status == PayoutStatus.Instructed)
                {
                    var queued = MerchantLedgerDecider.Decide(
                        State.Ledger, new RecordPayoutQueuedCommand(MerchantId, payout.PayoutId, kind.ToString(), result.Reason, tickLocal));
                    foreach (var e in queued.Events)
                    {
                        State.Ledger.Apply(e);
                        events.Add(e);
                    }
                }
            }
            else if (result.Outcome is EnqueueOutcome.WrongChannel or EnqueueOutcome.InvalidAmount)
            {
                // Routed to a rail that cannot carry it (its configuration changed): route again next tick.
                tracking = tracking with { Channel = null, QueueReason = result.Reason };
                State.PendAlert(PayoutNotDispatchedAlert(payout, Slug(result.Outcome), result.Reason, tickLocal));
            }
            else
            {
                // Refused (the queue is full): the route stays and the next tick offers it to the same rail again.
                tracking = tracking with { QueueReason = result.Reason };
                State.PendAlert(PayoutNotDispatchedAlert(payout, Slug(result.Outcome), result.Reason, tickLocal));
            }

            State.Payouts[payout.PayoutId] = tracking;
            if (accepted && events.Count == 0 && !railEpisodeEnded)
            {
                // The rail's own record holds the payout durably, so the run does not wait on a third commit for the
                // flag: the acceptance rides on this merchant's next write. A crash before then replays "routed, not
                // accepted": the rail's notices mark it accepted and the next run's hand-over is answered "already
                // queued", so the payout is on the rail once either way and the ledger is unchanged (no event here).
                var unwritten = _acceptancesUnwritten ??= new List<string>(1);
                if (!unwritten.Contains(payout.PayoutId))
                {
                    unwritten.Add(payout.PayoutId);
                }

                continue;
            }

            var records = MerchantJournal.ToRecords(events, more: 1);
            if (accepted)
            {
                // The common path: the rail took it. Tracking, queue record and the ended rail episode are records;
                // replay removes the rail's episode as the live grain did above (a no-op when there was none).
                records.Add(MerchantJournal.PayoutTracked(MerchantJournal.PayoutAcceptedId(payout.PayoutId), tracking, kind));
                await AppendAsync(records);
            }
            else
            {
                // A refusal pends an alert, which no record expresses: the full state.
                await WriteStateAsync(records);
            }
        }
    }

    /// <summary>Stable words for an alert id ("QueueFull" -> "queue-full"), so a rename of the text cannot duplicate alerts.</summary>
    private static string Slug(EnqueueOutcome outcome) => outcome switch
    {
        EnqueueOutcome.QueueFull => "queue-full",
        EnqueueOutcome.WrongChannel => "wrong-channel",
        EnqueueOutcome.InvalidAmount => "invalid-amount",
        _ => "refused-" + outcome.ToString().ToLowerInvariant(),
    };

    /// <summary>R3 again, with the calendar as loaded now, for every transaction whose value date may still move.</summary>
    /// <remarks>
    /// Filtered before it is ordered: a ledger keeps every transaction it ever paid out, and almost none of them are
    /// revisable, so sorting them all each run (as <see cref="MerchantLedgerState.TransactionsInOrder"/> does) was waste.
    /// </remarks>
    private List<RecomputedValueDate> RecomputeProvisionalValueDates(SettlementCycle cycle)
    {
        // Looked for before anything is allocated: on a working day with its calendar loaded there is none.
        List<LedgerTransaction>? revisable = null;
        // The pairs, not .Values: the value collection is an object each ledger would then keep (on an old object).
        foreach (var (_, transaction) in State.Ledger.Transactions)
        {
            if (MerchantLedgerDecider.ValueDateRevisable(transaction))
            {
                (revisable ??= []).Add(transaction);
            }
        }

        if (revisable is null)
        {
            return [];
        }

        return Recompute(revisable, cycle, _calendars.Current);
    }

    private static List<RecomputedValueDate> Recompute(List<LedgerTransaction> revisable, SettlementCycle cycle, HolidayCalendar calendar) =>
        revisable
            .OrderBy(t => t.Sequence)
            .Select(t =>
            {
                var value = ValueDates.For(t.ClearingDate, cycle, calendar);
                return new RecomputedValueDate(t.TransactionId, value.Date, value.Provisional);
            })
            .ToList();

    private static PayoutDestination Destination(MerchantProfile profile) =>
        profile.Account.SameBank ? PayoutDestination.SameBank : PayoutDestination.Interbank;

    private ExplanationContext ExplanationContextNow(IReadOnlyList<MaintenanceWindow>? windows = null) => new()
    {
        Windows = windows ?? [],
        NowLocal = Clock.LocalNow,
        Calendar = _calendars.Current,
        Channels = _options.Channels,
        Destination = Profile is { } p ? Destination(p) : PayoutDestination.Interbank,
        Policy = _options.RoutingPolicy,
        Cycle = Profile?.Cycle ?? SettlementCycle.T1,
        SettlementRunTime = _options.SettlementRunTime,
        Frozen = State.Ledger.Frozen,
        FrozenReason = State.Ledger.FrozenReason,
        ReturnBackoff = State.ReturnBackoff,
    };

    private async Task<TerminalFactResult> RefundResultAsync(LedgerRefundOutcome outcome)
    {
        switch (outcome.Result)
        {
            case LedgerRefundResult.Recorded or LedgerRefundResult.RecordedCarriedToNextSettlement:
                await AppendLedgerAsync(outcome.Events);
                return TerminalFactResult.Recorded;
            case LedgerRefundResult.Duplicate:
                return TerminalFactResult.Duplicate;
            default:
                return TerminalFactResult.Rejected;
        }
    }

    /// <summary>
    /// Applies the events and appends only their records: for turns whose whole state change is these ledger
    /// events and, for a capture, the risk alerts it queues (<paramref name="alerts"/>, a record each). A snapshot
    /// is still written now and then, and when there are no events.
    /// </summary>
    private async Task AppendLedgerAsync(IReadOnlyList<LedgerEvent> events, IReadOnlyList<AlertRecord>? alerts = null)
    {
        // Indexed: a capture's path, and the list's enumerator through the interface is a boxed object.
        for (var i = 0; i < events.Count; i++)
        {
            State.Ledger.Apply(events[i]);
        }

        var records = MerchantJournal.ToRecords(events, alerts?.Count ?? 0);
        for (var i = 0; i < alerts?.Count; i++)
        {
            State.PendAlert(alerts[i]);
            records.Add(MerchantJournal.AlertPending(alerts[i]));
        }

        // A terminal's fact: its terminal already answered, so unless configured otherwise the write may share a later commit.
        await AppendAsync(WithUnwrittenAcceptances(records), _options.TerminalFactWrites);
        GrainsMetrics.LedgerEventsCommitted(events);
    }

    /// <summary>Replays a record appended after the last snapshot (a ledger event, a payout's tracking) as the live grain applied it.</summary>
    protected override void ApplyJournalRecord(MerchantGrainState state, StoredJournalRecord record) => MerchantJournal.Apply(state, record);

    /// <summary>Applies the events and writes the full state with their journal records.</summary>
    private async Task CommitAsync(IReadOnlyList<LedgerEvent> events)
    {
        foreach (var e in events)
        {
            State.Ledger.Apply(e);
        }

        await WriteStateAsync([.. events.Select(MerchantJournal.ToRecord)]);
        GrainsMetrics.LedgerEventsCommitted(events);
    }

    /// <summary>Any full write (a notice, a refusal, a snapshot by policy) holds every acceptance kept in memory only.</summary>
    protected override void OnStateStored() => _acceptancesUnwritten?.Clear();

    /// <summary>
    /// Adds the acceptances held in memory only (<see cref="_acceptancesUnwritten"/>) to <paramref name="records"/>,
    /// each as the payout's tracking now, so replaying them rebuilds what memory holds; they count as written from
    /// here (a refused write drops this activation, and with it the list).
    /// </summary>
    private List<JournalRecord> WithUnwrittenAcceptances(List<JournalRecord> records)
    {
        if (_acceptancesUnwritten is not { Count: > 0 } unwritten)
        {
            return records;
        }

        foreach (var payoutId in unwritten.Order(StringComparer.Ordinal))
        {
            if (State.Payouts.TryGetValue(payoutId, out var tracking))
            {
                records.Add(MerchantJournal.PayoutTracked(MerchantJournal.PayoutAcceptedId(payoutId), tracking, railAvailable: null));
            }
        }

        unwritten.Clear();
        return records;
    }

    /// <summary>At least once: alerts leave the pending list (lazily persisted) once the alert grain took them.</summary>
    private async Task RaisePendingAlertsAsync()
    {
        while (State.PendingAlerts.Count > 0)
        {
            try
            {
                await GrainFactory.GetGrain<IAlertGrain>(_options.AlertGrainKey).RaiseAsync(State.PendingAlerts[0]);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return;
            }

            State.PendingAlerts.RemoveAt(0);
        }
    }

    private async Task EnsureSettlementReminderAsync()
    {
        if (Profile is null || await GetReminder(SettlementReminderName) is not null)
        {
            return;
        }

        var now = Clock.LocalNow;
        var first = MoneyExplainer.NextRunAt(now, _options.SettlementRunTime);
        var due = Clock.ToUtc(first) - Clock.UtcNow;
        await RegisterOrUpdateReminder(SettlementReminderName, due < TimeSpan.Zero ? TimeSpan.Zero : due, Day);
    }
}
