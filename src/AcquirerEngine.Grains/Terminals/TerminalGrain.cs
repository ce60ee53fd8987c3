using AcquirerEngine.Domain.Ledger;
using AcquirerEngine.Domain.Terminals;
using AcquirerEngine.Grains.Channels;
using AcquirerEngine.Grains.Merchants;
using AcquirerEngine.Runtime;

namespace AcquirerEngine.Grains.Terminals;

/// <summary>
/// A POS terminal. Financial events (sale, void, reversal, refund) are also put in an outbox in the same
/// durable write as the events, and the caller hears the outcome once that write is durable: the merchant is
/// not on the reply path. Forwarding starts right after the write, outside the turn (<see cref="ForwardAttempt"/>,
/// each send bounded by <see cref="TerminalForwardingOptions.MerchantTimeout"/>), so the terminal serves its next
/// call meanwhile; what the merchant took is settled in a later turn, which starts the next attempt with every fact
/// that queued meanwhile. Forwarding also resumes on activation and by the durable "forward-retry" reminder while
/// the outbox is not empty. At most one attempt runs at a time, facts are sent in order and delivery stops at the
/// first one not taken, so a void never overtakes its sale; the merchant dedupes by transaction id. With
/// <see cref="TerminalForwardingOptions.MerchantOnReplyPath"/> the turn waits for the merchant before replying (the
/// earlier behaviour). An acknowledged fact leaves the outbox in memory; that removal is persisted with the next
/// full-state write (or at a graceful deactivation), and a fact re-sent after a crash is a harmless duplicate.
/// The terminal is journaled: its state is a projection of its events, so most turns append only their
/// records and the full state is written every SnapshotEvery-th write. Activation replays the records after
/// the snapshot, adding each money fact to the outbox again (a harmless re-send if it was acknowledged).
/// A void or reversal is forwarded with the local time it was recorded at, which the decided event does not
/// carry: its journal record is stamped with that time (<see cref="SaleVoided.RecordedAtLocal"/>), so such a turn
/// appends like a sale and a replay forwards it with the same time.
/// </summary>
public sealed class TerminalGrain : JournaledGrain<TerminalGrainState>, ITerminalGrain, IRemindable
{
    public const string GrainTypeName = "terminal";

    public const string ForwardRetryReminderName = "forward-retry";

    private readonly TerminalPolicy _policy;
    private readonly TerminalForwardingOptions _forwarding;
    private bool _outboxDirty;

    // The attempt running outside the turn, until a turn settled what it delivered.
    private ForwardAttempt? _inFlight;

    /// <summary>Without forwarding (the shape existing hosts use): no outbox, the merchant ledger is not fed.</summary>
    public TerminalGrain(TerminalPolicy policy)
        : this(policy, TerminalForwardingOptions.Disabled)
    {
    }

    public TerminalGrain(TerminalPolicy policy, TerminalForwardingOptions forwarding)
    {
        ArgumentNullException.ThrowIfNull(forwarding);
        _policy = policy;
        _forwarding = forwarding;
    }

    private TerminalState Terminal => State.Terminal;

    /// <summary>
    /// Memory equals the store again: the ids the state holds become shared instances (the merchant's id from
    /// the pool, the terminal's own from the grain key) instead of this grain's copies from a request or a snapshot.
    /// </summary>
    protected override void OnStateSynchronized()
    {
        var terminal = State.Terminal;
        if (terminal.MerchantId.Length > 0)
        {
            terminal.MerchantId = IdentifierPool.MerchantIds.Share(terminal.MerchantId);
        }

        var key = GetPrimaryKeyString();
        if (!ReferenceEquals(terminal.TerminalId, key) && string.Equals(terminal.TerminalId, key, StringComparison.Ordinal))
        {
            terminal.TerminalId = key;
        }
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_forwarding.Enabled)
        {
            // What an earlier activation journaled and did not see acknowledged (re-sends are deduped).
            StartForward();
        }

        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Persist acknowledged removals on a graceful leave; after a failed write memory is not trusted.
        if (_outboxDirty && reason.ReasonCode is DeactivationReasonCode.ActivationIdle or DeactivationReasonCode.ShuttingDown or DeactivationReasonCode.ActivationLimitReached)
        {
            try
            {
                await WriteStateAsync();
                _outboxDirty = false;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Harmless: the stale entries are re-sent on the next activation and deduped by the merchant.
            }
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ForwardRetryReminderName)
        {
            return;
        }

        if (State.Outbox.Count == 0 || !_forwarding.Enabled)
        {
            if (await GetReminder(ForwardRetryReminderName) is { } reminder)
            {
                await UnregisterReminder(reminder);
            }

            if (_outboxDirty)
            {
                await WriteStateAsync();
                _outboxDirty = false;
            }

            return;
        }

        // Nothing to do while an attempt runs: its settling turn arms the reminder again if the merchant still refuses.
        StartForward();
    }

    /// <summary>Money facts not yet acknowledged by the merchant (diagnostics and tests).</summary>
    public Task<int> GetPendingForwardCountAsync() => Task.FromResult(State.Outbox.Count);

    public async Task<int> ForwardPendingAsync()
    {
        if (!_forwarding.Enabled)
        {
            return State.Outbox.Count;
        }

        int before;
        do
        {
            before = State.Outbox.Count;
            await ForwardInTurnAsync();
        }
        while (State.Outbox.Count > 0 && State.Outbox.Count < before);

        return State.Outbox.Count;
    }

    public Task<RegisterTerminalOutcome> RegisterAsync(RegisterTerminalCommand command) =>
        CommitAsync(TerminalDecider.Decide(Terminal, command));

    public Task<SignOnOutcome> SignOnAsync(SignOnCommand command) =>
        CommitAsync(TerminalDecider.Decide(Terminal, command));

    public Task<SignOffOutcome> SignOffAsync(SignOffCommand command) =>
        CommitAsync(TerminalDecider.Decide(Terminal, command));

    public Task<SaleOutcome> SaleAsync(SaleCommand command) =>
        CommitAsync(TerminalDecider.Decide(Terminal, command, _policy));

    public Task<VoidOutcome> VoidAsync(VoidCommand command) =>
        CommitAsync(TerminalDecider.Decide(Terminal, command));

    public Task<ReverseOutcome> ReverseAsync(ReverseCommand command) =>
        CommitAsync(TerminalDecider.Decide(Terminal, command));

    public Task<RefundOutcome> RefundAsync(RefundCommand command) =>
        CommitAsync(TerminalDecider.Decide(Terminal, command));

    public Task<SettleBatchOutcome> SettleBatchAsync(SettleBatchCommand command) =>
        CommitAsync(TerminalDecider.Decide(Terminal, command));

    public Task<UploadBatchOutcome> UploadBatchAsync(UploadBatchCommand command) =>
        CommitAsync(TerminalDecider.Decide(Terminal, command));

    public Task<TerminalQueryResult<TransactionView?>> GetTransactionAsync(OriginalSaleKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var access = TerminalAccessRule.Check(Terminal, key.MerchantId);
        var view = access == TerminalAccess.Granted ? TerminalQueries.FindTransaction(Terminal, key) : null;
        return Task.FromResult(new TerminalQueryResult<TransactionView?>(access, view));
    }

    public Task<TerminalQueryResult<IReadOnlyList<TransactionView>>> ListBatchAsync(string merchantId, uint batchNo)
    {
        var access = TerminalAccessRule.Check(Terminal, merchantId);
        var views = access == TerminalAccess.Granted ? TerminalQueries.ListBatch(Terminal, batchNo) : [];
        return Task.FromResult(new TerminalQueryResult<IReadOnlyList<TransactionView>>(access, views));
    }

    /// <summary>
    /// Applies the decided events and makes them durable (state and journal in one write) before the
    /// caller sees the outcome. If the write fails the runtime drops this activation, so memory that
    /// already applied the events is never trusted again.
    /// </summary>
    private async Task<TOutcome> CommitAsync<TOutcome>(TOutcome outcome)
        where TOutcome : TerminalOutcome
    {
        if (!outcome.ChangesState)
        {
            return outcome;
        }

        foreach (var terminalEvent in outcome.Events)
        {
            Terminal.Apply(terminalEvent);
        }

        // Indexed, not foreach: the events are an IReadOnlyList, whose enumerator would be boxed on every sale.
        var forwards = 0;
        var events = outcome.Events;
        var records = new Runtime.Storage.JournalRecord[events.Count];
        var atLocal = _forwarding.Enabled ? LocalNow() : default;
        for (var i = 0; i < events.Count; i++)
        {
            var terminalEvent = events[i];
            var journaled = terminalEvent;

            // A sale's id is built from its identity on every read: read once for the outbox and the record.
            var recordId = terminalEvent.RecordId;
            if (_forwarding.Enabled && IsFinancial(terminalEvent))
            {
                var ownTime = OwnLocalTime(terminalEvent);
                State.AddToOutbox(new TerminalForward(recordId, terminalEvent, ownTime ?? atLocal));
                forwards++;

                // The record carries the time the forward needs, so a replay forwards it with the same time.
                journaled = ownTime is null ? WithRecordedAt(terminalEvent, atLocal) : terminalEvent;
            }

            records[i] = TerminalJournal.ToRecord(journaled, recordId);
        }

        // Acknowledged removals are not in the records: they stay dirty until the next full write.
        await AppendAsync(records);

        if (forwards > 0)
        {
            if (_forwarding.MerchantOnReplyPath)
            {
                await ForwardInTurnAsync();
            }
            else
            {
                StartForward();
            }

            await CheckBatchAgeAsync(outcome.Events);
        }

        return outcome;
    }

    /// <summary>
    /// Scenario 13: online sales still settle, but a sale into a batch open too long raises an alert (one per
    /// batch: the id is derived from it, and the alert grain ignores a repeat). Best effort: the next sale retries.
    /// </summary>
    private async Task CheckBatchAgeAsync(IReadOnlyList<TerminalEvent> events)
    {
        if (_forwarding.BatchOpenAlertAfter is not { } limit
            || TerminalQueries.OpenBatchStartedAt(Terminal) is not { } opened
            || LastSale(events) is not { } sale
            || sale.LocalTime - opened <= limit)
        {
            return;
        }

        var alert = new Alerts.AlertRecord(
            Alerts.AlertKinds.BatchOpenTooLong,
            Terminal.MerchantId,
            $"terminal {Terminal.TerminalId}, batch {Terminal.CurrentBatchNo:000000}",
            string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"batch {Terminal.CurrentBatchNo:000000} of terminal {Terminal.TerminalId} has been open since {opened:yyyy-MM-dd HH:mm} ({(sale.LocalTime - opened).TotalDays:0} days); online sales still settle, but the terminal should settle its batch"),
            sale.LocalTime,
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"batch-open:{Terminal.TerminalId}:{Terminal.CurrentBatchNo}:{opened:yyyyMMddHHmmss}"));
        try
        {
            await GrainFactory.GetGrain<Alerts.IAlertGrain>(_forwarding.AlertGrainKey).RaiseAsync(alert);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Raised again by the next sale into the same batch.
        }
    }

    /// <summary>The last approved sale among the events (a loop: asked on every sale, so no LINQ iterators).</summary>
    private static SaleApproved? LastSale(IReadOnlyList<TerminalEvent> events)
    {
        for (var i = events.Count - 1; i >= 0; i--)
        {
            if (events[i] is SaleApproved sale)
            {
                return sale;
            }
        }

        return null;
    }

    /// <summary>
    /// Replays one of a terminal's journal records onto its state exactly as the live grain applied it: the
    /// event to the domain state and, with forwarding, the money fact to the outbox (what activation does
    /// with the records appended after the last snapshot).
    /// </summary>
    public static void ReplayRecord(TerminalGrainState state, Runtime.Storage.StoredJournalRecord record, TerminalForwardingOptions forwarding)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(forwarding);
        var journaled = TerminalJournal.FromPayload(record.Payload);
        var recordedAt = RecordedAtLocal(journaled);

        // The outbox holds the event as decided, as the live turn put it there (the stamp is the record's).
        var terminalEvent = recordedAt is null ? journaled : WithRecordedAt(journaled, null);
        state.Terminal.Apply(terminalEvent);
        if (forwarding.Enabled && IsFinancial(terminalEvent))
        {
            // A void or reversal recorded without its time (by a terminal without forwarding, or by a build that
            // wrote the full state for it instead): if forwarding was switched on since, the commit time is the
            // best record of its time.
            var atLocal = OwnLocalTime(terminalEvent)
                ?? recordedAt
                ?? DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(record.WrittenAt, forwarding.TimeZone).DateTime, DateTimeKind.Unspecified);
            state.AddToOutbox(new TerminalForward(terminalEvent.RecordId, terminalEvent, atLocal));
        }
    }

    protected override void ApplyJournalRecord(TerminalGrainState state, Runtime.Storage.StoredJournalRecord record) =>
        ReplayRecord(state, record, _forwarding);

    private static bool IsFinancial(TerminalEvent terminalEvent) =>
        terminalEvent is SaleApproved or SaleVoided or SaleReversed or SaleRefunded;

    /// <summary>The local time a money fact carries itself (sales and refunds); null for voids and reversals.</summary>
    private static DateTime? OwnLocalTime(TerminalEvent terminalEvent) => terminalEvent switch
    {
        SaleApproved sale => sale.LocalTime,
        SaleRefunded refund => refund.LocalTime,
        _ => null,
    };

    /// <summary>The time a void's or reversal's journal record was stamped with; null for other events and unstamped records.</summary>
    private static DateTime? RecordedAtLocal(TerminalEvent terminalEvent) => terminalEvent switch
    {
        SaleVoided voided => voided.RecordedAtLocal,
        SaleReversed reversed => reversed.RecordedAtLocal,
        _ => null,
    };

    private static TerminalEvent WithRecordedAt(TerminalEvent terminalEvent, DateTime? localTime) => terminalEvent switch
    {
        SaleVoided voided => voided with { RecordedAtLocal = localTime },
        SaleReversed reversed => reversed with { RecordedAtLocal = localTime },
        _ => terminalEvent,
    };

    private DateTime LocalNow() =>
        DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(TimeProvider.GetUtcNow(), _forwarding.TimeZone).DateTime, DateTimeKind.Unspecified);

    /// <summary>
    /// Starts delivering the outbox outside this turn unless an attempt already runs (its settling turn starts the
    /// next one). The attempt sends the outbox head as it is now; it never touches the state.
    /// </summary>
    private void StartForward()
    {
        if (_inFlight is not null || State.Outbox.Count == 0)
        {
            return;
        }

        var attempt = new ForwardAttempt(OutboxHead());
        _inFlight = attempt;
        RunOutsideTurn(async () =>
        {
            var taken = await attempt.SendAsync(SendAsync, _forwarding.MerchantTimeout, TimeProvider);

            // When this activation is leaving, the turn is not queued: the facts stay in the durable outbox and
            // the next activation sends them again (the merchant dedupes).
            QueueTurn(() => SettleAttemptAsync(attempt, taken));
        });
    }

    /// <summary>The turn after an attempt: drops what the merchant took, then goes on or leaves the rest to the reminder.</summary>
    private async Task SettleAttemptAsync(ForwardAttempt attempt, int taken)
    {
        if (!ReferenceEquals(_inFlight, attempt))
        {
            // A turn that waited for the attempt settled it already.
            return;
        }

        Settle(attempt, taken);
        if (taken == attempt.Entries.Count)
        {
            // Facts that queued while it ran (or beyond MaxPerAttempt) go in the next attempt.
            StartForward();
        }
        else
        {
            await EnsureRetryReminderAsync();
        }
    }

    /// <summary>
    /// Delivers the outbox within this turn, waiting for the merchant: a running attempt is awaited and settled
    /// first (it does not need this turn), then one attempt is made for what is left. Never throws.
    /// </summary>
    private async Task ForwardInTurnAsync()
    {
        if (_inFlight is { } running)
        {
            Settle(running, await running.Taken);
        }

        if (State.Outbox.Count == 0)
        {
            return;
        }

        var attempt = new ForwardAttempt(OutboxHead());
        RemoveTaken(attempt, await attempt.SendAsync(SendAsync, _forwarding.MerchantTimeout, TimeProvider));
        if (State.Outbox.Count > 0)
        {
            await EnsureRetryReminderAsync();
        }
    }

    /// <summary>A copy of the outbox's first MaxPerAttempt facts (one array; the attempt must not see later changes).</summary>
    private TerminalForward[] OutboxHead()
    {
        var outbox = State.Outbox;
        var head = new TerminalForward[Math.Clamp(_forwarding.MaxPerAttempt, 0, outbox.Count)];
        for (var i = 0; i < head.Length; i++)
        {
            head[i] = outbox[i];
        }

        return head;
    }

    private void Settle(ForwardAttempt attempt, int taken)
    {
        _inFlight = null;
        RemoveTaken(attempt, taken);
    }

    /// <summary>What was taken leaves the outbox in memory (persisted with the next full-state write).</summary>
    private void RemoveTaken(ForwardAttempt attempt, int taken)
    {
        // Only settling removes from the outbox and attempts never overlap, so its head is still the attempt's
        // entries; checked anyway, since removing facts the merchant never saw would lose money.
        if (taken > 0 && State.Outbox.Count >= taken && ReferenceEquals(State.Outbox[0], attempt.Entries[0]))
        {
            State.RemoveDelivered(taken);
            _outboxDirty = true;
        }
    }

    /// <summary>Whatever the merchant did not take arms the durable retry reminder.</summary>
    private async Task EnsureRetryReminderAsync()
    {
        if (State.Outbox.Count == 0 || await GetReminder(ForwardRetryReminderName) is not null)
        {
            return;
        }

        try
        {
            await RegisterOrUpdateReminder(ForwardRetryReminderName, _forwarding.RetryPeriod, _forwarding.RetryPeriod);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The outbox is durable; the next activation or write re-arms delivery.
        }
    }

    private Task<TerminalFactResult> SendAsync(TerminalForward entry)
    {
        var merchant = GrainFactory.GetGrain<IMerchantGrain>(entry.Event.MerchantId);
        return entry.Event switch
        {
            SaleApproved sale => merchant.CaptureSaleAsync(sale),
            SaleVoided v => merchant.CancelSaleAsync(new SaleCancellation(
                v.MerchantId, RecordIds.Sale(v.MerchantId, v.TerminalId, v.BatchNo, v.Stan, v.LocalDate), v.RecordId, CancelKind.Void, v.AmountMinor, entry.RecordedAtLocal)),
            SaleReversed r => merchant.CancelSaleAsync(new SaleCancellation(
                r.MerchantId, RecordIds.Sale(r.MerchantId, r.TerminalId, r.BatchNo, r.Stan, r.LocalDate), r.RecordId, CancelKind.Reversal, r.AmountMinor, entry.RecordedAtLocal)),
            SaleRefunded refund => merchant.RefundSaleAsync(refund),
            _ => Task.FromResult(TerminalFactResult.Rejected),
        };
    }
}
