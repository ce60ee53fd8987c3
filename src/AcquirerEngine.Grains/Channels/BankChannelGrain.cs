using System.Globalization;
using AcquirerEngine.Domain;
using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Domain.Payouts;
using AcquirerEngine.Grains.Alerts;
using AcquirerEngine.Grains.Bank;
using AcquirerEngine.Grains.Calendars;
using AcquirerEngine.Grains.Payouts;
using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Grains.Channels;

/// <summary>
/// A payout rail. All waiting is done by one durable reminder ("wake") that is re-armed for exactly the next
/// instant the rail has something to do: the next drain while open (every second, or every BEPS batch), the
/// next opening while closed, or the queue-SLA deadline. So a restart mid-backlog resumes, and a week-long
/// holiday costs one tick, not 600,000. Exactly once: a payout is durably marked "sending" before the bank
/// is called, and a payout found sending (lost reply, crash) is retried with the same id, which the bank
/// answers with its original result. The sink hears about it at least once, from a durable outbox.
/// </summary>
/// <remarks>
/// Journaled: an enqueue, each drain step and each acknowledgement append their records (<see cref="RailJournal"/>)
/// rather than rewriting the whole queue; rare changes (maintenance, SLA episodes, re-ask times) write a snapshot.
/// </remarks>
public sealed class BankChannelGrain : JournaledGrain<BankChannelState>, IBankChannelGrain, IRemindable
{
    public const string GrainTypeName = "bank-channel";

    public const string WakeReminderName = "wake";

    private readonly IReadOnlyList<ChannelConfig> _channels;
    private readonly CalendarSource _calendars;
    private readonly IPayoutEventSink _sink;

    /// <summary>When the delivery now outside the turn began; null when none is under way.</summary>
    private DateTimeOffset? _deliveringSinceUtc;
    private readonly BankChannelOptions _options;
    private readonly HashSet<string> _queuedIds = new(StringComparer.Ordinal);
    private readonly HashSet<string> _awaitingIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FinishedPayout> _finishedIds = new(StringComparer.Ordinal);
    private ChannelConfig? _config;
    private readonly ChannelStatusMemo _statusMemo = new();
    private AcquirerClock? _clock;
    private DrainPlan? _plan;

    // The wake reminder's next tick as this activation last registered or saw it; null = unknown (re-register).
    private (DateTimeOffset NextTick, TimeSpan Period)? _wake;

    public BankChannelGrain(
        IReadOnlyList<ChannelConfig> channels,
        CalendarSource calendars,
        IPayoutEventSink sink,
        BankChannelOptions options)
    {
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentNullException.ThrowIfNull(calendars);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsValid)
        {
            throw new ArgumentException("Bank channel options hold an empty key or a non-positive bound.", nameof(options));
        }

        _channels = channels;
        _calendars = calendars;
        _sink = sink;
        _options = options;
    }

    private ChannelConfig Config => _config ?? throw new InvalidOperationException("The rail is not activated.");

    private AcquirerClock Clock => _clock ?? throw new InvalidOperationException("The rail is not activated.");

    private DrainPlan Plan => _plan ?? throw new InvalidOperationException("The rail is not activated.");

    private string Name => Config.Kind switch
    {
        ChannelKind.Hvps => "HVPS",
        ChannelKind.Beps => "BEPS",
        ChannelKind.Ibps => "IBPS",
        _ => "same-bank transfer",
    };

    /// <summary>The grain key of a rail: its <see cref="ChannelKind"/> name.</summary>
    public static string KeyFor(ChannelKind kind) => kind.ToString();

    /// <summary>The payout queue gauges show the queue as durable, after every read and write.</summary>
    protected override void OnStateSynchronized() => PayoutQueueGauges.Publish(GetPrimaryKeyString(), State, TimeProvider);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = GetPrimaryKeyString();
        if (!Enum.TryParse<ChannelKind>(key, ignoreCase: false, out var kind) || !Enum.IsDefined(kind) || key != kind.ToString())
        {
            throw new InvalidOperationException($"Bank channel key '{key}' is not a ChannelKind name (e.g. \"Hvps\").");
        }

        _config = _channels.FirstOrDefault(c => c.Kind == kind)
            ?? throw new InvalidOperationException($"No channel configuration for {kind} was given to the bank channel grain.");
        if (!_config.IsValid)
        {
            throw new InvalidOperationException($"The channel configuration for {kind} is invalid.");
        }

        _clock = new AcquirerClock(TimeProvider, _options.TimeZone);
        _plan = DrainPacing.For(_config, _options.MinimumDrainPeriod);
        foreach (var queued in State.Queue)
        {
            _queuedIds.Add(queued.Instruction.PayoutId);
        }

        foreach (var awaiting in State.AwaitingConfirmation)
        {
            _awaitingIds.Add(awaiting.Instruction.PayoutId);
        }

        foreach (var finished in State.Finished)
        {
            _finishedIds[finished.PayoutId] = finished;
        }

        // The queue is written before the reminder is registered; a crash in between leaves work without a
        // wake-up, found here. An existing reminder is left alone: its tick re-plans everything anyway.
        var hasWork = State.Queue.Count > 0 || State.Outbox.Count > 0 || State.AwaitingConfirmation.Count > 0;
        if (hasWork && await GetReminder(WakeReminderName) is null)
        {
            await ScheduleWakeAsync();
        }
    }

    public async Task<PayoutEnqueueResult> EnqueueAsync(PayoutInstruction instruction)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        ArgumentException.ThrowIfNullOrWhiteSpace(instruction.PayoutId);
        var id = instruction.PayoutId;
        var status = StatusAt(Clock.LocalNow);
        if (instruction.Channel != Config.Kind)
        {
            return Refused(EnqueueOutcome.WrongChannel, status, $"payout {id} is for {instruction.Channel}; this rail is {Config.Kind}");
        }

        if (instruction.AmountMinor <= 0 || AboveEveryCap(instruction.AmountMinor))
        {
            return Refused(
                EnqueueOutcome.InvalidAmount,
                status,
                $"payout {id} of {MoneyText.Cny(instruction.AmountMinor)} is not positive or above every {Name} per-item cap");
        }

        if (_queuedIds.Contains(id))
        {
            var position = State.Queue.FindIndex(q => q.Instruction.PayoutId == id) + 1;
            return new PayoutEnqueueResult(
                EnqueueOutcome.AlreadyQueued, position, status.State, $"payout {id} is already queued at position {position}: {status.Reason}", status.NextOpening);
        }

        if (_awaitingIds.Contains(id))
        {
            return Refused(EnqueueOutcome.AlreadyInTransit, status, $"payout {id} was already sent by {Name} and is in transit: it awaits the bank's confirmation");
        }

        if (_finishedIds.TryGetValue(id, out var finished))
        {
            return Refused(EnqueueOutcome.AlreadyFinished, status, $"payout {id} was already {Words(finished.Outcome)}: {finished.Reason}");
        }

        if (State.Queue.Count >= _options.MaxQueueDepth)
        {
            return Refused(
                EnqueueOutcome.QueueFull,
                status,
                $"the {Name} queue is full ({_options.MaxQueueDepth} payouts, MaxQueueDepth); payout {id} was not queued: {status.Reason}");
        }

        var queued = new QueuedPayout { Instruction = instruction, EnqueuedAtUtc = Clock.UtcNow };
        State.Queue.Add(queued);
        _queuedIds.Add(id);
        try
        {
            // Armed before the record is durable: a wake-up for a payout that then fails to queue only re-plans.
            await ScheduleWakeAsync();
        }
        catch
        {
            // Nothing was written for the payout yet: memory goes back to what the store holds.
            State.Queue.RemoveAt(State.Queue.Count - 1);
            _queuedIds.Remove(id);
            throw;
        }

        var place = State.Queue.Count;
        var reason = status.IsOpen
            ? $"queued at position {place}: {status.Reason}; sent at {Config.PayoutsPerSecond} per second"
            : $"queued at position {place}: {status.Reason}";
        var accepted = new PayoutEnqueueResult(EnqueueOutcome.Queued, place, status.State, reason, status.NextOpening);
        try
        {
            // Pipelined: this turn ends once the record is queued in order, so the next merchant's enqueue runs
            // while it commits and a night of enqueues shares commits instead of taking one each. The reply waits
            // for durability; the code below runs outside the turn and touches no state.
            await AppendPipelinedAsync([RailJournal.Queued(queued)]);
        }
        catch (DuplicateJournalRecordException)
        {
            // Older than this rail's bounded memory, or queued on another rail: the journal refuses it, so it
            // can never be paid twice. The runtime drops this activation (memory took the payout), nothing else.
            return Refused(EnqueueOutcome.AlreadyFinished, status, $"payout {id} was already handed to a payout rail (journal)");
        }

        return accepted;
    }

    public async Task<MaintenanceOutcome> ScheduleMaintenanceAsync(MaintenanceWindow window)
    {
        ArgumentNullException.ThrowIfNull(window);
        if (window.Channel != Config.Kind)
        {
            return MaintenanceOutcome.WrongChannel;
        }

        if (string.IsNullOrWhiteSpace(window.Id) || !window.IsValid)
        {
            return MaintenanceOutcome.Invalid;
        }

        // Past windows change nothing, so they make room rather than count against the bound.
        var now = Clock.LocalNow;
        State.Maintenance.RemoveAll(w => w.End <= now);
        var index = State.Maintenance.FindIndex(w => w.Id == window.Id);
        MaintenanceOutcome outcome;
        if (index >= 0)
        {
            if (State.Maintenance[index] == window)
            {
                return MaintenanceOutcome.AlreadyScheduled;
            }

            State.Maintenance[index] = window;
            outcome = MaintenanceOutcome.Updated;
        }
        else
        {
            if (State.Maintenance.Count >= _options.MaxMaintenanceWindows)
            {
                return MaintenanceOutcome.TooMany;
            }

            State.Maintenance.Add(window);
            outcome = MaintenanceOutcome.Scheduled;
        }

        await WriteStateAsync();
        AnnouncedMaintenanceCache.For(GrainFactory).Invalidate();
        await ScheduleWakeAsync();
        return outcome;
    }

    public async Task<MaintenanceOutcome> CancelMaintenanceAsync(string windowId)
    {
        ArgumentNullException.ThrowIfNull(windowId);
        if (State.Maintenance.RemoveAll(w => w.Id == windowId) == 0)
        {
            return MaintenanceOutcome.NotFound;
        }

        await WriteStateAsync();
        AnnouncedMaintenanceCache.For(GrainFactory).Invalidate();
        await ScheduleWakeAsync();
        return MaintenanceOutcome.Cancelled;
    }

    public Task<BankChannelStatus> GetStatusAsync()
    {
        var nowUtc = Clock.UtcNow;
        var nowLocal = Clock.ToLocal(nowUtc);
        var status = StatusAt(nowLocal);
        TimeSpan? oldestAge = State.Queue.Count > 0 ? nowUtc - State.Queue[0].EnqueuedAtUtc : null;
        return Task.FromResult(new BankChannelStatus(
            Config.Kind,
            status.State,
            status.Reason,
            status.NextOpening,
            State.Queue.Count,
            oldestAge,
            SendingCount(),
            State.SlaEpisodePayoutId is not null,
            State.Outbox.Count,
            [.. State.Maintenance.Where(w => w.End > nowLocal)],
            State.AwaitingConfirmation.Count));
    }

    public Task<IReadOnlyList<string>> ListQueueAsync(int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        return Task.FromResult<IReadOnlyList<string>>([.. State.Queue.Take(max).Select(q => q.Instruction.PayoutId)]);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != WakeReminderName)
        {
            return;
        }

        _wake = (status.CurrentTickTime + status.Period, status.Period);
        await DeliverNoticesAsync();

        // Only a current tick drains: catch-up ticks for downtime would otherwise burst past the modeled rate.
        var nowUtc = Clock.UtcNow;
        var tickLocal = Clock.ToLocal(status.CurrentTickTime);
        var current = nowUtc - status.CurrentTickTime < Plan.Period;
        if (current
            && State.Queue.Count > 0
            && StatusAt(Clock.ToLocal(nowUtc)).IsOpen
            && DrainPacing.MayDrainAt(Plan, tickLocal, LastDrainLocal)
            && DrainPacing.AlignToDrain(Plan, tickLocal) == tickLocal)
        {
            await DrainAsync(status.CurrentTickTime);
        }

        // Confirmations are asked on any tick, open or closed: the money already left, only the answer is awaited.
        await ConfirmDueAsync();
        await CheckQueueAgeAsync();
        await ScheduleWakeAsync();
    }

    protected override void ApplyJournalRecord(BankChannelState state, StoredJournalRecord record) =>
        RailJournal.Apply(state, record, _options.CompletedHistoryCapacity);

    /// <summary>
    /// Payouts marked sending are always the head of the queue (a drain marks its chunk from the head and only
    /// the head leaves), so counting stops at the first one not sending: bounded by a chunk, not the queue.
    /// </summary>
    private int SendingCount()
    {
        var count = 0;
        while (count < State.Queue.Count && State.Queue[count].Sending)
        {
            count++;
        }

        return count;
    }

    private DateTime? LastDrainLocal => State.LastDrainUtc is { } last ? Clock.ToLocal(last) : null;

    private static string Words(PayoutOutcome outcome) => outcome.ToString().ToLowerInvariant();

    private PayoutEnqueueResult Refused(EnqueueOutcome outcome, ChannelStatus status, string reason) =>
        new(outcome, null, status.State, reason, status.NextOpening);

    private ChannelStatus StatusAt(DateTime local) => _statusMemo.StatusAt(Config, State.Maintenance, _calendars.Current, local);

    private bool AboveEveryCap(long amountMinor) =>
        Config.PerItemCapMinor is { } cap && amountMinor > Math.Max(cap, Config.NonWorkingDayPerItemCapMinor ?? 0);

    /// <summary>Sends up to one drain's budget from the head, in chunks: mark sending (durable), call, record.</summary>
    private async Task DrainAsync(DateTimeOffset tickUtc)
    {
        State.LastDrainUtc = tickUtc;
        var budget = Plan.BudgetPerDrain;
        while (budget > 0 && State.Queue.Count > 0)
        {
            var chunk = State.Queue.Take(Math.Min(budget, _options.SendChunkSize)).ToList();
            var sending = new List<JournalRecord>();
            foreach (var payout in chunk)
            {
                payout.Sending = true;
                payout.Attempts++;
                sending.Add(RailJournal.Sending(payout, tickUtc));
            }

            await AppendAsync(sending);
            budget -= chunk.Count;

            var answered = new List<(QueuedPayout Payout, BankCreditResult Result)>();
            var lostReply = false;
            foreach (var payout in chunk)
            {
                var result = await CreditAsync(payout.Instruction);
                if (result.Outcome == BankCreditOutcome.TimedOut)
                {
                    lostReply = true;
                    break;
                }

                answered.Add((payout, result));
            }

            if (answered.Count > 0)
            {
                await FinishAsync(answered);
            }

            if (lostReply)
            {
                // Head of line: the unanswered payout stays first and is retried with the same id at the next
                // drain; nothing behind it overtakes it, so the order is kept.
                break;
            }
        }
    }

    private async Task<BankCreditResult> CreditAsync(PayoutInstruction instruction)
    {
        var bank = GrainFactory.GetGrain<ISimulatedBankGrain>(_options.BankGrainKey);
        var request = new CreditRequest(
            instruction.PayoutId, instruction.Account.BankCode, instruction.Account.AccountNumber, instruction.AmountMinor, instruction.Channel,
            BusinessDateAt(Clock.LocalNow));
        try
        {
            return await bank.CreditAsync(request);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A failed call is a reply we did not get: the bank may or may not have credited. Treated exactly
            // like a timeout, so the same id is retried and the bank's idempotency decides.
            return BankCreditResult.TimedOut;
        }
    }

    /// <summary>Records the answered head of the queue in one durable write, then tells the sink.</summary>
    private async Task FinishAsync(List<(QueuedPayout Payout, BankCreditResult Result)> answered)
    {
        var nowUtc = Clock.UtcNow;
        var atLocal = Clock.ToLocal(nowUtc);
        var records = new List<JournalRecord>();
        var finishedNow = new List<FinishedPayout>();
        var awaitingNow = new List<string>();
        for (var i = 0; i < answered.Count; i++)
        {
            var (payout, result) = answered[i];
            Invariant.Require(ReferenceEquals(State.Queue[i], payout), "only the head of a rail's queue is ever finished");
            var instruction = payout.Instruction;
            if (result.Outcome == BankCreditOutcome.Pending)
            {
                // Accepted but not landed (bank latency): sent and in transit. It leaves the queue so the queue
                // keeps draining, and is re-asked when it is due to land.
                var landsAtUtc = result.LandsAtUtc ?? nowUtc;
                var landsAtLocal = Clock.ToLocal(landsAtUtc).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                var sent = Notice(instruction, PayoutOutcome.Sent, result.TraceId, $"sent by {Name}, lands by {landsAtLocal}", atLocal, BusinessDateAt(atLocal));
                var awaiting = new AwaitingPayout(instruction, result.TraceId!, nowUtc, landsAtUtc);
                State.Outbox.Add(sent);
                State.AwaitingConfirmation.Add(awaiting);
                records.Add(RailJournal.InTransit(awaiting, sent));
                awaitingNow.Add(instruction.PayoutId);
                continue;
            }

            finishedNow.Add(Complete(instruction, result, fromQueue: true, records, nowUtc, atLocal, atLocal));
        }

        State.Queue.RemoveRange(0, answered.Count);
        await CommitFinishedAsync(records, finishedNow, snapshot: false);
        foreach (var (payout, _) in answered)
        {
            _queuedIds.Remove(payout.Instruction.PayoutId);
        }

        _awaitingIds.UnionWith(awaitingNow);
        await DeliverNoticesAsync();
    }

    /// <summary>
    /// Re-asks the bank, with the same payout ids, about the in-transit payouts due to have landed; records the
    /// confirmed ones as finished in one durable write. A still-pending or unanswered one is asked again later.
    /// </summary>
    private async Task ConfirmDueAsync()
    {
        var nowUtc = Clock.UtcNow;
        var due = State.AwaitingConfirmation.Where(a => a.NextAskUtc <= nowUtc).Take(_options.SendChunkSize).ToList();
        if (due.Count == 0)
        {
            return;
        }

        var atLocal = Clock.ToLocal(nowUtc);
        var records = new List<JournalRecord>();
        var finishedNow = new List<FinishedPayout>();
        var confirmed = new HashSet<string>(StringComparer.Ordinal);
        var retryAt = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var awaiting in due)
        {
            var result = await CreditAsync(awaiting.Instruction);
            if (result.Outcome is BankCreditOutcome.Credited or BankCreditOutcome.Returned)
            {
                finishedNow.Add(Complete(awaiting.Instruction, result, fromQueue: false, records, nowUtc, atLocal, Clock.ToLocal(awaiting.SentAtUtc)));
                confirmed.Add(awaiting.Instruction.PayoutId);
            }
            else
            {
                // Not landed yet, or no reply: ask again at the landing time, but never sooner than a reminder
                // period, so an unanswering bank cannot spin the rail at one instant.
                var floor = nowUtc + _options.MinimumDrainPeriod;
                retryAt[awaiting.Instruction.PayoutId] = result.LandsAtUtc is { } lands && lands > floor ? lands : floor;
            }
        }

        State.AwaitingConfirmation.RemoveAll(a => confirmed.Contains(a.Instruction.PayoutId));
        for (var i = 0; i < State.AwaitingConfirmation.Count; i++)
        {
            var awaiting = State.AwaitingConfirmation[i];
            if (retryAt.TryGetValue(awaiting.Instruction.PayoutId, out var at))
            {
                State.AwaitingConfirmation[i] = awaiting with { NextAskUtc = at };
            }
        }

        // New re-ask times are no record's change: a turn that set any writes a snapshot (rare: an unanswering bank).
        await CommitFinishedAsync(records, finishedNow, snapshot: retryAt.Count > 0);
        _awaitingIds.ExceptWith(confirmed);
        await DeliverNoticesAsync();
    }

    /// <summary>
    /// Adds a bank's final answer (credited or returned) to the outbox and the finished list, and its journal record
    /// (carrying both) to <paramref name="records"/>. One answered from the queue is also announced as sent.
    /// </summary>
    private FinishedPayout Complete(
        PayoutInstruction instruction,
        BankCreditResult result,
        bool fromQueue,
        List<JournalRecord> records,
        DateTimeOffset nowUtc,
        DateTime atLocal,
        DateTime sentAtLocal)
    {
        FinishedPayout finished;
        var notices = new List<PayoutNotice>(2);
        if (result.Outcome == BankCreditOutcome.Credited)
        {
            var reason = $"credited by {Name}, bank trace {result.TraceId}";
            var valueDate = BusinessDateAt(sentAtLocal);
            if (fromQueue)
            {
                notices.Add(Notice(instruction, PayoutOutcome.Sent, result.TraceId, $"sent by {Name}", atLocal, valueDate));
            }

            notices.Add(Notice(instruction, PayoutOutcome.Credited, result.TraceId, reason, atLocal, valueDate));
            finished = new FinishedPayout(instruction.PayoutId, PayoutOutcome.Credited, result.TraceId, reason, nowUtc);
        }
        else
        {
            var reason = result.Reason ?? "returned by the bank";
            notices.Add(Notice(instruction, PayoutOutcome.Returned, null, reason, atLocal));
            finished = new FinishedPayout(instruction.PayoutId, PayoutOutcome.Returned, null, reason, nowUtc);
        }

        State.Outbox.AddRange(notices);
        State.Finished.Add(finished);
        records.Add(RailJournal.Finished(instruction, result, finished, notices, fromQueue));
        return finished;
    }

    /// <summary>
    /// Trims the finished history to its bound, makes the records durable (appended, or with a snapshot when the
    /// turn also changed what no record expresses), then updates the id index.
    /// </summary>
    private async Task CommitFinishedAsync(List<JournalRecord> records, List<FinishedPayout> finishedNow, bool snapshot)
    {
        var dropped = Math.Max(0, State.Finished.Count - _options.CompletedHistoryCapacity);
        var forgotten = State.Finished.Take(dropped).Select(f => f.PayoutId).ToList();
        State.Finished.RemoveRange(0, dropped);
        if (snapshot || records.Count == 0)
        {
            await WriteStateAsync(records);
        }
        else
        {
            await AppendAsync(records);
        }

        foreach (var finished in finishedNow)
        {
            _finishedIds[finished.PayoutId] = finished;
        }

        foreach (var id in forgotten)
        {
            _finishedIds.Remove(id);
        }
    }

    private PayoutNotice Notice(
        PayoutInstruction instruction, PayoutOutcome outcome, string? traceId, string reason, DateTime atLocal, DateOnly? valueDate = null) =>
        new(instruction.PayoutId, instruction.MerchantId, Config.Kind, outcome, traceId, reason, atLocal, valueDate);

    /// <summary>R4: the working day a send at <paramref name="local"/> counts for (HVPS night session: the next one).</summary>
    private DateOnly BusinessDateAt(DateTime local) => ChannelSchedule.BusinessDateAt(Config, _calendars.Current, local);

    /// <summary>
    /// Hands the outbox to the sink in order, outside this rail's turn: the sink (a merchant) may at this
    /// very moment be awaiting this rail (an enqueue), and turns never interleave, so awaiting it here could
    /// hold both forever. The delivery reports back through <see cref="AcknowledgeNoticesAsync"/>, a turn of
    /// its own, which removes what was delivered; the rest is retried by the wake-up.
    /// </summary>
    private Task DeliverNoticesAsync()
    {
        var nowUtc = Clock.UtcNow;
        if (State.Outbox.Count == 0 || (_deliveringSinceUtc is { } since && nowUtc - since < _options.NoticeRetryDelay))
        {
            return Task.CompletedTask;
        }

        _deliveringSinceUtc = nowUtc;
        var batch = State.Outbox.ToList();
        var sink = _sink;
        var self = GrainFactory.GetGrain<IBankChannelGrain>(GetPrimaryKeyString());
        RunOutsideTurn(async () =>
        {
            // Merchants are told at once, each merchant's notices in outbox order; what counts as delivered is the
            // outbox prefix up to the first notice not taken (the rest is retried, idempotent for the receiver).
            var taken = new bool[batch.Count];
            var errors = new string?[batch.Count];
            await Task.WhenAll(Enumerable.Range(0, batch.Count).GroupBy(i => batch[i].MerchantId, StringComparer.Ordinal).Select(async merchant =>
            {
                foreach (var i in merchant)
                {
                    try
                    {
                        await sink.NotifyAsync(batch[i]);
                        taken[i] = true;
                    }
                    catch (Exception ex) when (ex is not OutOfMemoryException)
                    {
                        // The sink is another component: its failure must not stall the rail. The notice stays in the
                        // durable outbox and the wake-up retries it (notices are idempotent for the receiver).
                        errors[i] = $"{ex.GetType().Name}: {ex.Message}";
                        break;
                    }
                }
            }));

            var deliveredCount = Array.IndexOf(taken, false) is var first && first >= 0 ? first : batch.Count;
            var error = errors.FirstOrDefault(e => e is not null);
            await self.AcknowledgeNoticesAsync(batch.GetRange(0, deliveredCount), deliveredCount < batch.Count ? error : null);
        });
        return Task.CompletedTask;
    }

    public async Task AcknowledgeNoticesAsync(IReadOnlyList<PayoutNotice> delivered, string? error)
    {
        ArgumentNullException.ThrowIfNull(delivered);
        _deliveringSinceUtc = null;

        // Only the head entries that are exactly the delivered notices go: after a reactivation two deliveries
        // of the same notices may overlap, and the second acknowledgement must not remove newer notices.
        var removed = 0;
        while (removed < delivered.Count && removed < State.Outbox.Count && State.Outbox[removed] == delivered[removed])
        {
            removed++;
        }

        if (removed > 0)
        {
            var lastTaken = State.Outbox[removed - 1];
            State.Outbox.RemoveRange(0, removed);
            State.LastSinkError = error;
            await AppendAsync([RailJournal.NoticesDelivered(lastTaken, removed, error)]);
        }
        else if (error != State.LastSinkError)
        {
            State.LastSinkError = error;
            await WriteStateAsync();
        }

        if (error is null && State.Outbox.Count > 0)
        {
            await DeliverNoticesAsync();
        }

        await ScheduleWakeAsync();
    }

    /// <summary>Raises one alert per episode in which the oldest queued payout is older than the rail's SLA.</summary>
    private async Task CheckQueueAgeAsync()
    {
        var nowLocal = Clock.LocalNow;
        var breached = State.Queue.Count > 0
            && QueueAge.IsBreached(Clock.ToLocal(State.Queue[0].EnqueuedAtUtc), nowLocal, Config.QueueSla);
        if (!breached)
        {
            if (State.SlaEpisodePayoutId is not null)
            {
                State.SlaEpisodePayoutId = null;
                await WriteStateAsync();
            }

            return;
        }

        if (State.SlaEpisodePayoutId is not null)
        {
            return;
        }

        var head = State.Queue[0];
        var status = StatusAt(nowLocal);
        var since = Clock.ToLocal(head.EnqueuedAtUtc).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var message = string.Create(
            CultureInfo.InvariantCulture,
            $"{Name} queue is older than its SLA of {Config.QueueSla.TotalMinutes:0} min: oldest payout {head.Instruction.PayoutId} queued since {since}, {State.Queue.Count} queued; {status.Reason}");
        var alert = new AlertRecord(
            AlertKinds.PayoutQueueSla,
            null,
            $"{Name} payout queue",
            message,
            nowLocal,
            $"queue-sla:{Config.Kind}:{head.Instruction.PayoutId}");

        // Raised before the episode is recorded: if the write fails the alert is raised again with the same
        // id, which the alert grain ignores. The other order could lose the alert.
        await GrainFactory.GetGrain<IAlertGrain>(_options.AlertGrainKey).RaiseAsync(alert);
        State.SlaEpisodePayoutId = head.Instruction.PayoutId;
        await WriteStateAsync();
    }

    /// <summary>Arms the wake reminder for the next instant the rail has work, or removes it when there is none.</summary>
    private async Task ScheduleWakeAsync()
    {
        var nowUtc = Clock.UtcNow;
        DateTimeOffset? wakeUtc = null;
        if (State.Queue.Count > 0)
        {
            var nowLocal = Clock.ToLocal(nowUtc);
            var next = DrainSchedule.NextWake(
                Plan,
                Config,
                StatusAt(nowLocal),
                nowLocal,
                LastDrainLocal,
                Clock.ToLocal(State.Queue[0].EnqueuedAtUtc),
                State.SlaEpisodePayoutId is not null,
                _options.RecheckWhenNoOpening);
            wakeUtc = Clock.ToUtc(next!.Value);
        }

        if (State.AwaitingConfirmation.Count > 0)
        {
            var ask = State.AwaitingConfirmation.Min(a => a.NextAskUtc);
            wakeUtc = wakeUtc is { } w && w < ask ? w : ask;
        }

        if (State.Outbox.Count > 0)
        {
            var retry = nowUtc + _options.NoticeRetryDelay;
            wakeUtc = wakeUtc is { } w && w < retry ? w : retry;
        }

        if (wakeUtc is not { } at)
        {
            if (await GetReminder(WakeReminderName) is { } reminder)
            {
                await UnregisterReminder(reminder);
            }

            _wake = null;
            return;
        }

        at = at < nowUtc ? nowUtc : at;
        if (_wake is { } known && known.NextTick == at && known.Period == Plan.Period)
        {
            return;
        }

        await RegisterOrUpdateReminder(WakeReminderName, at - nowUtc, Plan.Period);
        _wake = (at, Plan.Period);
    }
}
