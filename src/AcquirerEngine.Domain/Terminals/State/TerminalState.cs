namespace AcquirerEngine.Domain.Terminals;

/// <summary>
/// The projection of one terminal's journal. A plain, public get/set data class so a grain can persist
/// it as a snapshot with System.Text.Json; it holds no private state, so the snapshot is complete.
/// Only <see cref="Apply"/> changes it, and only with events the decider produced: replaying the journal
/// from <c>new TerminalState()</c> must rebuild exactly the live state.
/// </summary>
public sealed class TerminalState
{
    private Dictionary<string, OrphanReversal>? _orphanReversals;
    private Dictionary<string, TerminalRefund>? _refunds;
    private Dictionary<string, ClosedBatch>? _closedBatches;
    private Dictionary<SaleKey, TerminalSale> _sales = [];
    private uint _currentBatchNo = 1;

    // Derived, never stored: the earliest local time of a sale or refund in the open batch, kept up to date by
    // Apply so the batch-age check on every sale does not walk the batch. Forgotten (recomputed on the next
    // question) whenever the open batch or the collections are replaced wholesale.
    private DateTime? _earliestOpenBatchEntry;
    private bool _earliestOpenBatchEntryKnown;

    public string MerchantId { get; set; } = "";

    public string TerminalId { get; set; } = "";

    public bool Registered { get; set; }

    public bool SignedOn { get; set; }

    /// <summary>
    /// The open batch. Starts at 1; only <see cref="BatchClosed"/> (0500 balanced or 0320 reconciled)
    /// advances it, wrapping from 999999 to 1.
    /// </summary>
    public uint CurrentBatchNo
    {
        get => _currentBatchNo;
        set
        {
            _currentBatchNo = value;
            _earliestOpenBatchEntryKnown = false;
        }
    }

    /// <summary>Batches closed so far; the open batch is instance <see cref="CurrentBatchOrdinal"/>.</summary>
    public long ClosedBatchCount { get; set; }

    /// <summary>
    /// When the open batch started, as far as events tell: the previous batch's close time, or the first
    /// timed sign-on into it. Null for journals written before either was recorded; the age query then falls
    /// back to the batch's earliest transaction.
    /// </summary>
    public DateTime? CurrentBatchOpenedAt { get; set; }

    /// <summary>Set when a 0500 for the open batch mismatched; cleared when the batch closes.</summary>
    public PendingBatchUpload? PendingUpload { get; set; }

    /// <summary>Sign-ons so far; the open (or last) session's number.</summary>
    public uint SessionCount { get; set; }

    /// <summary>Last sequence number given to a sale or orphan reversal (arrival order).</summary>
    public long LastSequence { get; set; }

    /// <summary>Sales keyed by (batch, STAN, local date), the R7 identity within a terminal; written as <see cref="SaleKeys.Of"/>'s text.</summary>
    public Dictionary<SaleKey, TerminalSale> Sales
    {
        get => _sales;
        set
        {
            _sales = value;
            _earliestOpenBatchEntryKnown = false;
        }
    }

    /// <summary>Orphan reversals keyed by <see cref="SaleKeys.OfOrphan"/>. Rare, so held sparsely (<see cref="SparseDictionary"/>).</summary>
    public IReadOnlyDictionary<string, OrphanReversal> OrphanReversals
    {
        get => SparseDictionary.View(_orphanReversals);
        set => _orphanReversals = SparseDictionary.From(value);
    }

    /// <summary>Refunds keyed by <see cref="SaleKeys.Of"/> of their own identity (batch, STAN, local date). Held sparsely.</summary>
    public IReadOnlyDictionary<string, TerminalRefund> Refunds
    {
        get => SparseDictionary.View(_refunds);
        set
        {
            _refunds = SparseDictionary.From(value);
            _earliestOpenBatchEntryKnown = false;
        }
    }

    /// <summary>
    /// Closed batches keyed by <see cref="SaleKeys.OfBatch"/>. After the number wraps, a newer close of the
    /// same number replaces the older entry: only the newest is ever asked about again. Held sparsely: a
    /// terminal has none until its first settlement.
    /// </summary>
    public IReadOnlyDictionary<string, ClosedBatch> ClosedBatches
    {
        get => SparseDictionary.View(_closedBatches);
        set => _closedBatches = SparseDictionary.From(value);
    }

    /// <summary>The open batch's instance number (1, 2, ...); unlike the batch number it never wraps.</summary>
    public long CurrentBatchOrdinal => ClosedBatchCount + 1;

    /// <summary>Whether the sale is part of the open batch (same number, not yet settled).</summary>
    public bool IsInOpenBatch(TerminalSale sale)
    {
        ArgumentNullException.ThrowIfNull(sale);
        return sale.BatchNo == CurrentBatchNo && !sale.Settled;
    }

    /// <summary>Whether the refund is part of the open batch (same number, not yet settled).</summary>
    public bool IsInOpenBatch(TerminalRefund refund)
    {
        ArgumentNullException.ThrowIfNull(refund);
        return refund.BatchNo == CurrentBatchNo && !refund.Settled;
    }

    /// <summary>
    /// The earliest local time of a sale (approved or declined) or refund in the open batch; null when it holds
    /// none. O(1) on every sale: walked once after the batch changes (a close, a snapshot load), then kept by Apply.
    /// </summary>
    public DateTime? EarliestOpenBatchEntryAt()
    {
        if (!_earliestOpenBatchEntryKnown)
        {
            DateTime? earliest = null;

            // Enumerating the pairs, not Sales.Values, leaves no cached values view on each terminal.
            foreach (var (_, sale) in Sales)
            {
                if (IsInOpenBatch(sale) && (earliest is null || sale.LocalTime < earliest))
                {
                    earliest = sale.LocalTime;
                }
            }

            foreach (var (_, refund) in Refunds)
            {
                if (IsInOpenBatch(refund) && (earliest is null || refund.LocalTime < earliest))
                {
                    earliest = refund.LocalTime;
                }
            }

            _earliestOpenBatchEntry = earliest;
            _earliestOpenBatchEntryKnown = true;
        }

        return _earliestOpenBatchEntry;
    }

    /// <summary>Exact lookup of a refund by its own identity.</summary>
    /// <remarks>Asked on every sale, nearly always of a terminal with no refund: then no key is built.</remarks>
    public TerminalRefund? FindRefund(uint batchNo, uint stan, DateOnly localDate) =>
        _refunds is { Count: > 0 } refunds ? refunds.GetValueOrDefault(SaleKeys.Of(batchNo, stan, localDate)) : null;

    /// <summary>The newest closed batch with this number, if the host remembers one.</summary>
    public ClosedBatch? FindClosedBatch(uint batchNo) =>
        ClosedBatches.GetValueOrDefault(SaleKeys.OfBatch(batchNo));

    /// <summary>Exact lookup by identity.</summary>
    public TerminalSale? FindSale(uint batchNo, uint stan, DateOnly localDate) =>
        Sales.GetValueOrDefault(new SaleKey(batchNo, stan, localDate));

    /// <summary>
    /// Lookup by an original key: exact when the date is given, otherwise the newest sale with that STAN in
    /// that batch (latest local time, then latest arrival), as the wire contract says.
    /// </summary>
    public TerminalSale? FindSale(uint batchNo, uint stan, DateOnly? localDate)
    {
        if (localDate is { } date)
        {
            return FindSale(batchNo, stan, date);
        }

        TerminalSale? newest = null;
        foreach (var sale in Sales.Values)
        {
            if (sale.BatchNo != batchNo || sale.Stan != stan)
            {
                continue;
            }

            if (newest is null
                || sale.LocalTime > newest.LocalTime
                || (sale.LocalTime == newest.LocalTime && sale.Sequence > newest.Sequence))
            {
                newest = sale;
            }
        }

        return newest;
    }

    /// <summary>The orphan reversal recorded under exactly this key (date or no date), if any.</summary>
    /// <remarks>Asked twice on every sale, nearly always of a terminal with no orphan reversal: then no key is built.</remarks>
    public OrphanReversal? FindOrphanReversal(uint batchNo, uint stan, DateOnly? localDate) =>
        _orphanReversals is { Count: > 0 } orphans ? orphans.GetValueOrDefault(SaleKeys.OfOrphan(batchNo, stan, localDate)) : null;

    /// <summary>
    /// Whether a reversal already cancelled this sale identity before the sale arrived: an orphan naming
    /// the same date, or one that named no date and so covers every date of that STAN in that batch.
    /// </summary>
    public bool IsPreemptivelyReversed(uint batchNo, uint stan, DateOnly localDate) =>
        FindOrphanReversal(batchNo, stan, localDate) is not null
        || FindOrphanReversal(batchNo, stan, null) is not null;

    /// <summary>
    /// Folds one event into the state. Events come from the decider (or the journal it wrote), so any
    /// event that does not fit the state is a bug or a corrupt journal: it throws instead of guessing.
    /// </summary>
    public void Apply(TerminalEvent terminalEvent)
    {
        ArgumentNullException.ThrowIfNull(terminalEvent);
        if (terminalEvent is TerminalRegistered registered)
        {
            ApplyRegistered(registered);
            return;
        }

        Invariant.Require(Registered, $"{terminalEvent.RecordId}: event for an unregistered terminal");
        Invariant.Require(
            terminalEvent.MerchantId == MerchantId && terminalEvent.TerminalId == TerminalId,
            $"{terminalEvent.RecordId}: event for another terminal than {MerchantId}/{TerminalId}");

        switch (terminalEvent)
        {
            case TerminalSignedOn signedOn:
                ApplySignedOn(signedOn);
                break;
            case TerminalSignedOff signedOff:
                ApplySignedOff(signedOff);
                break;
            case SaleApproved approved:
                ApplySaleApproved(approved);
                break;
            case SaleDeclined declined:
                ApplySaleDeclined(declined);
                break;
            case SaleVoided voided:
                ApplySaleVoided(voided);
                break;
            case SaleReversed reversed:
                ApplySaleReversed(reversed);
                break;
            case OrphanReversalRecorded orphan:
                ApplyOrphanReversal(orphan);
                break;
            case SaleRefunded refunded:
                ApplySaleRefunded(refunded);
                break;
            case BatchUploadRequired uploadRequired:
                ApplyBatchUploadRequired(uploadRequired);
                break;
            case BatchClosed closed:
                ApplyBatchClosed(closed);
                break;
            default:
                throw new InvariantViolationException($"unknown terminal event {terminalEvent.GetType().Name}");
        }
    }

    /// <summary>Rebuilds a state from a journal: the projection is a pure function of the events.</summary>
    public static TerminalState Replay(IEnumerable<TerminalEvent> journal)
    {
        ArgumentNullException.ThrowIfNull(journal);
        var state = new TerminalState();
        foreach (var terminalEvent in journal)
        {
            state.Apply(terminalEvent);
        }

        return state;
    }

    private void ApplyRegistered(TerminalRegistered registered)
    {
        Invariant.Require(!Registered, $"{registered.RecordId}: terminal already registered to {MerchantId}");
        MerchantId = registered.MerchantId;
        TerminalId = registered.TerminalId;
        Registered = true;
    }

    private void ApplySignedOn(TerminalSignedOn signedOn)
    {
        Invariant.Require(!SignedOn, $"{signedOn.RecordId}: already signed on");
        Invariant.Require(signedOn.SessionNo == SessionCount + 1, $"{signedOn.RecordId}: session {signedOn.SessionNo} after {SessionCount}");
        Invariant.Require(signedOn.BatchNo == CurrentBatchNo, $"{signedOn.RecordId}: batch {signedOn.BatchNo} is not the open batch {CurrentBatchNo}");
        SessionCount = signedOn.SessionNo;
        SignedOn = true;
        // Only the first timed sign-on into a batch marks its start; later sessions do not make it younger.
        CurrentBatchOpenedAt ??= signedOn.HostLocalTime;
    }

    private void ApplySignedOff(TerminalSignedOff signedOff)
    {
        Invariant.Require(SignedOn, $"{signedOff.RecordId}: not signed on");
        Invariant.Require(signedOff.SessionNo == SessionCount, $"{signedOff.RecordId}: closes session {signedOff.SessionNo}, open is {SessionCount}");
        Invariant.Require(signedOff.BatchNo == CurrentBatchNo, $"{signedOff.RecordId}: batch {signedOff.BatchNo} is not the open batch {CurrentBatchNo}");
        SignedOn = false;
    }

    private void ApplySaleApproved(SaleApproved approved)
    {
        var key = RequireNewSale(approved, approved.BatchNo, approved.Stan, approved.LocalDate, approved.AmountMinor);
        Invariant.Require(approved.Rrn.Length == RetrievalReferenceNumber.Length, $"{approved.RecordId}: bad rrn");
        Invariant.Require(approved.ApprovalCode.Length == ApprovalCode.Length, $"{approved.RecordId}: bad approval code");
        AddSale(key, new TerminalSale
        {
            BatchNo = approved.BatchNo,
            Stan = approved.Stan,
            LocalDate = approved.LocalDate,
            LocalTime = approved.LocalTime,
            AmountMinor = approved.AmountMinor,
            Currency = approved.Currency,
            CardType = approved.CardType,
            CardToken = approved.CardToken,
            Status = TransactionStatus.Approved,
            Disposition = SaleDisposition.Approved,
            Rrn = approved.Rrn,
            ApprovalCode = approved.ApprovalCode,
            Sequence = ++LastSequence,
        });
    }

    private void ApplySaleDeclined(SaleDeclined declined)
    {
        var key = RequireNewSale(declined, declined.BatchNo, declined.Stan, declined.LocalDate, declined.AmountMinor);
        Invariant.Require(declined.Reason != SaleDeclineReason.None, $"{declined.RecordId}: decline without a reason");
        AddSale(key, new TerminalSale
        {
            BatchNo = declined.BatchNo,
            Stan = declined.Stan,
            LocalDate = declined.LocalDate,
            LocalTime = declined.LocalTime,
            AmountMinor = declined.AmountMinor,
            Currency = declined.Currency,
            CardType = declined.CardType,
            CardToken = declined.CardToken,
            Status = TransactionStatus.Declined,
            Disposition = SaleDisposition.Declined,
            Rrn = declined.Rrn,
            DeclineReason = declined.Reason,
            DeclineReasonText = declined.ReasonText,
            Sequence = ++LastSequence,
        });
    }

    private void AddSale(SaleKey key, TerminalSale sale)
    {
        Sales.Add(key, sale);
        if (IsInOpenBatch(sale))
        {
            NoteOpenBatchEntry(sale.LocalTime);
        }
    }

    private void NoteOpenBatchEntry(DateTime localTime)
    {
        if (_earliestOpenBatchEntryKnown && (_earliestOpenBatchEntry is null || localTime < _earliestOpenBatchEntry))
        {
            _earliestOpenBatchEntry = localTime;
        }
    }

    /// <summary>
    /// Checks the identity is unused and returns its sale key, built once for the checks and the insert (a sale's
    /// apply built it three times, and its record id although only a broken invariant's message reads it).
    /// </summary>
    private SaleKey RequireNewSale(TerminalEvent sale, uint batchNo, uint stan, DateOnly localDate, long amountMinor)
    {
        var key = new SaleKey(batchNo, stan, localDate);
        Invariant.Require(!Sales.ContainsKey(key), $"{sale.RecordId}: sale identity already answered");
        Invariant.Require(_refunds is null || !_refunds.ContainsKey(key.ToString()), $"{sale.RecordId}: identity already used by a refund");
        Invariant.Require(amountMinor > 0, $"{sale.RecordId}: non-positive amount {amountMinor}");
        return key;
    }

    private void ApplySaleVoided(SaleVoided voided)
    {
        var sale = FindSale(voided.BatchNo, voided.Stan, voided.LocalDate);
        Invariant.Require(sale is not null, $"{voided.RecordId}: original not in state");
        Invariant.Require(sale!.Status == TransactionStatus.Approved, $"{voided.RecordId}: original is {sale.Status}");
        Invariant.Require(sale.AmountMinor == voided.AmountMinor, $"{voided.RecordId}: void of {voided.AmountMinor}, sale of {sale.AmountMinor}");
        Invariant.Require(IsInOpenBatch(sale), $"{voided.RecordId}: original not in the open batch {CurrentBatchNo}");
        sale.Status = TransactionStatus.Voided;
        sale.VoidStan = voided.VoidStan;
        sale.VoidRrn = voided.VoidRrn;
    }

    private void ApplySaleReversed(SaleReversed reversed)
    {
        var sale = FindSale(reversed.BatchNo, reversed.Stan, reversed.LocalDate);
        Invariant.Require(sale is not null, $"{reversed.RecordId}: original not in state");
        Invariant.Require(sale!.Status == TransactionStatus.Approved, $"{reversed.RecordId}: original is {sale.Status}");
        Invariant.Require(sale.AmountMinor == reversed.AmountMinor, $"{reversed.RecordId}: reversal of {reversed.AmountMinor}, sale of {sale.AmountMinor}");
        Invariant.Require(IsInOpenBatch(sale), $"{reversed.RecordId}: original not in the open batch {CurrentBatchNo}");
        sale.Status = TransactionStatus.Reversed;
    }

    private void ApplyOrphanReversal(OrphanReversalRecorded orphan)
    {
        var key = SaleKeys.OfOrphan(orphan.BatchNo, orphan.Stan, orphan.LocalDate);
        Invariant.Require(!OrphanReversals.ContainsKey(key), $"{orphan.RecordId}: orphan reversal already recorded");
        Invariant.Require(
            FindSale(orphan.BatchNo, orphan.Stan, orphan.LocalDate) is null,
            $"{orphan.RecordId}: the original is known, the reversal is not an orphan");
        SparseDictionary.Ensure(ref _orphanReversals).Add(key, new OrphanReversal
        {
            BatchNo = orphan.BatchNo,
            Stan = orphan.Stan,
            LocalDate = orphan.LocalDate,
            Sequence = ++LastSequence,
        });
    }

    private void ApplySaleRefunded(SaleRefunded refunded)
    {
        var id = refunded.RecordId;
        Invariant.Require(refunded.BatchNo == CurrentBatchNo, $"{id}: refund outside the open batch {CurrentBatchNo}");
        Invariant.Require(refunded.LocalDate == DateOnly.FromDateTime(refunded.LocalTime), $"{id}: local date and time disagree");
        Invariant.Require(FindRefund(refunded.BatchNo, refunded.Stan, refunded.LocalDate) is null, $"{id}: refund identity already used");
        Invariant.Require(FindSale(refunded.BatchNo, refunded.Stan, refunded.LocalDate) is null, $"{id}: identity already used by a sale");
        Invariant.Require(refunded.Rrn.Length == RetrievalReferenceNumber.Length, $"{id}: bad rrn");
        var original = FindSale(refunded.OriginalBatchNo, refunded.OriginalStan, refunded.OriginalLocalDate);
        Invariant.Require(original is not null, $"{id}: original not in state");
        Invariant.Require(original!.Status == TransactionStatus.Approved, $"{id}: original is {original.Status}");
        Invariant.Require(original.Settled, $"{id}: original is not settled");
        Invariant.Require(refunded.AmountMinor > 0, $"{id}: non-positive refund {refunded.AmountMinor}");
        var refundedAfter = checked(original.RefundedMinor + refunded.AmountMinor);
        Invariant.Require(refundedAfter <= original.AmountMinor, $"{id}: refunds {refundedAfter} exceed the original {original.AmountMinor}");
        Invariant.Require(
            refunded.RefundableRemainingMinor == original.AmountMinor - refundedAfter,
            $"{id}: remaining {refunded.RefundableRemainingMinor} is not {original.AmountMinor - refundedAfter}");
        Invariant.Require(refunded.Currency == original.Currency, $"{id}: refund currency differs from the original's");
        original.RefundedMinor = refundedAfter;
        var refund = new TerminalRefund
        {
            BatchNo = refunded.BatchNo,
            Stan = refunded.Stan,
            LocalDate = refunded.LocalDate,
            LocalTime = refunded.LocalTime,
            AmountMinor = refunded.AmountMinor,
            Currency = refunded.Currency,
            CardType = refunded.CardType,
            OriginalBatchNo = refunded.OriginalBatchNo,
            OriginalStan = refunded.OriginalStan,
            OriginalLocalDate = refunded.OriginalLocalDate,
            Rrn = refunded.Rrn,
            RefundableRemainingMinor = refunded.RefundableRemainingMinor,
            Sequence = ++LastSequence,
        };
        SparseDictionary.Ensure(ref _refunds).Add(SaleKeys.Of(refunded.BatchNo, refunded.Stan, refunded.LocalDate), refund);
        if (IsInOpenBatch(refund))
        {
            NoteOpenBatchEntry(refund.LocalTime);
        }
    }

    private void ApplyBatchUploadRequired(BatchUploadRequired required)
    {
        Invariant.Require(required.BatchNo == CurrentBatchNo, $"{required.RecordId}: batch is not the open batch {CurrentBatchNo}");
        Invariant.Require(required.BatchOrdinal == CurrentBatchOrdinal, $"{required.RecordId}: ordinal is not {CurrentBatchOrdinal}");
        Invariant.Require(PendingUpload is null, $"{required.RecordId}: upload already required");
        PendingUpload = new PendingBatchUpload
        {
            BatchNo = required.BatchNo,
            TerminalTotals = required.TerminalTotals,
            HostTotals = required.HostTotals,
            RequiredAt = required.HostLocalTime,
        };
    }

    private void ApplyBatchClosed(BatchClosed closed)
    {
        var id = closed.RecordId;
        Invariant.Require(closed.BatchNo == CurrentBatchNo, $"{id}: batch is not the open batch {CurrentBatchNo}");
        Invariant.Require(closed.BatchOrdinal == CurrentBatchOrdinal, $"{id}: ordinal is not {CurrentBatchOrdinal}");
        Invariant.Require(closed.NextBatchNo == BatchNumbers.Next(closed.BatchNo), $"{id}: next batch {closed.NextBatchNo} does not follow {closed.BatchNo}");
        Invariant.Require(!closed.ByUpload || PendingUpload is not null, $"{id}: closed by upload, but no upload was required");
        // The totals that settle must be exactly what the state holds: a close that disagrees is a bug.
        Invariant.Require(
            closed.HostTotals == TerminalQueries.ComputeSettlementTotals(this, closed.BatchNo),
            $"{id}: recorded host totals differ from the batch");
        foreach (var sale in Sales.Values.Where(IsInOpenBatch))
        {
            sale.Settled = true;
        }

        foreach (var refund in Refunds.Values.Where(IsInOpenBatch))
        {
            refund.Settled = true;
        }

        foreach (var orphan in OrphanReversals.Values.Where(o => o.BatchNo == CurrentBatchNo))
        {
            orphan.Settled = true;
        }

        SparseDictionary.Ensure(ref _closedBatches)[SaleKeys.OfBatch(closed.BatchNo)] = new ClosedBatch
        {
            BatchNo = closed.BatchNo,
            NextBatchNo = closed.NextBatchNo,
            BatchOrdinal = closed.BatchOrdinal,
            ClosedAt = closed.CloseLocalTime,
            HostTotals = closed.HostTotals,
            TerminalTotals = closed.TerminalTotals,
            ByUpload = closed.ByUpload,
            Discrepancies = [.. closed.Discrepancies],
        };
        ClosedBatchCount = closed.BatchOrdinal;

        // Another batch is open now: the setter forgets the earliest open-batch entry, since the new batch may
        // already hold entries that named its number before it opened.
        CurrentBatchNo = closed.NextBatchNo;
        CurrentBatchOpenedAt = closed.CloseLocalTime;
        PendingUpload = null;
    }
}
