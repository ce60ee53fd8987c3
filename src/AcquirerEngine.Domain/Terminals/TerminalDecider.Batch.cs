namespace AcquirerEngine.Domain.Terminals;

/// <summary>Batch settlement: 0500 totals (R9) and 0320 upload with reconciliation.</summary>
public static partial class TerminalDecider
{
    private static readonly IReadOnlyList<BatchDiscrepancy> NoDiscrepancies = [];

    /// <summary>
    /// R9. A closed batch is answered from what was stored (whatever totals the repeat carries: nothing can
    /// reopen it). For the open batch the totals are compared with the host's; a batch that mixes currencies
    /// is never balanced here, because a single amount cannot be compared across currencies.
    /// </summary>
    public static SettleBatchOutcome Decide(TerminalState state, SettleBatchCommand command)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(command);
        RequireIdentifiers(command.MerchantId, command.TerminalId);
        Invariant.Require(IsStan(command.BatchNo), $"batch {command.BatchNo} outside 1..999999: the command skipped validation");
        RequireTotals(command.TerminalTotals);
        RequireLocalTime(command.HostLocalTime, "settlement host time");
        switch (CheckCaller(state, command))
        {
            case TerminalAccess.NotRegistered:
                return new(SettleBatchResult.NotRegistered, false, false, null, 0, NoEvents);
            case TerminalAccess.MerchantMismatch:
                return new(SettleBatchResult.MerchantMismatch, false, false, null, 0, NoEvents);
        }

        if (command.BatchNo != state.CurrentBatchNo)
        {
            var closed = state.FindClosedBatch(command.BatchNo);
            return closed is null
                ? new(SettleBatchResult.BatchNotOpen, false, false, null, state.CurrentBatchNo, NoEvents)
                : new(SettleBatchResult.AlreadyClosed, !closed.ByUpload, false, closed.HostTotals, closed.NextBatchNo, NoEvents);
        }

        if (!state.SignedOn)
        {
            return new(SettleBatchResult.NotSignedOn, false, false, null, state.CurrentBatchNo, NoEvents);
        }

        var host = TerminalQueries.ComputeSettlementTotals(state, state.CurrentBatchNo);
        var singleCurrency = TerminalQueries.ComputeBatchTotals(state, state.CurrentBatchNo).Count <= 1;
        if (singleCurrency && host == command.TerminalTotals)
        {
            var closedEvent = Close(state, command.HostLocalTime, host, command.TerminalTotals, byUpload: false, NoDiscrepancies);
            return new(SettleBatchResult.Balanced, true, false, host, closedEvent.NextBatchNo, [closedEvent]);
        }

        // Recorded once per batch: a repeat (or a second attempt with other totals) changes nothing the
        // operator needs, and an idempotent answer must not grow the journal.
        IReadOnlyList<TerminalEvent> events = state.PendingUpload is null
            ?
            [
                new BatchUploadRequired(
                    state.MerchantId,
                    state.TerminalId,
                    state.CurrentBatchNo,
                    state.CurrentBatchOrdinal,
                    command.TerminalTotals,
                    host,
                    command.HostLocalTime),
            ]
            : NoEvents;
        return new(SettleBatchResult.UploadRequired, false, true, host, state.CurrentBatchNo, events);
    }

    /// <summary>
    /// 0320: reconciles the terminal's records against the open batch by <see cref="BatchReconciliation"/> and
    /// closes it with the host's totals and the discrepancy report. Only after a 0500 asked for it.
    /// </summary>
    public static UploadBatchOutcome Decide(TerminalState state, UploadBatchCommand command)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(command);
        RequireIdentifiers(command.MerchantId, command.TerminalId);
        Invariant.Require(IsStan(command.BatchNo), $"batch {command.BatchNo} outside 1..999999: the command skipped validation");
        ArgumentNullException.ThrowIfNull(command.Records);
        RequireLocalTime(command.HostLocalTime, "upload host time");
        foreach (var record in command.Records)
        {
            Invariant.Require(
                record is not null && IsStan(record.Stan) && record.AmountMinor > 0 && record.LocalTime.Kind == DateTimeKind.Unspecified,
                "upload record skipped validation");
        }

        switch (CheckCaller(state, command))
        {
            case TerminalAccess.NotRegistered:
                return new(UploadBatchResult.NotRegistered, null, 0, NoDiscrepancies, NoEvents);
            case TerminalAccess.MerchantMismatch:
                return new(UploadBatchResult.MerchantMismatch, null, 0, NoDiscrepancies, NoEvents);
        }

        if (command.BatchNo != state.CurrentBatchNo)
        {
            var closed = state.FindClosedBatch(command.BatchNo);
            return closed is null
                ? new(UploadBatchResult.BatchNotOpen, null, state.CurrentBatchNo, NoDiscrepancies, NoEvents)
                : new(UploadBatchResult.AlreadyClosed, closed.HostTotals, closed.NextBatchNo, closed.Discrepancies, NoEvents);
        }

        if (!state.SignedOn)
        {
            return new(UploadBatchResult.NotSignedOn, null, state.CurrentBatchNo, NoDiscrepancies, NoEvents);
        }

        if (state.PendingUpload is not { } pending)
        {
            return new(UploadBatchResult.UploadNotRequired, null, state.CurrentBatchNo, NoDiscrepancies, NoEvents);
        }

        var discrepancies = BatchReconciliation.Reconcile(state, command.Records);
        var host = TerminalQueries.ComputeSettlementTotals(state, state.CurrentBatchNo);
        var closedEvent = Close(state, command.HostLocalTime, host, pending.TerminalTotals, byUpload: true, discrepancies);
        return new(UploadBatchResult.Closed, host, closedEvent.NextBatchNo, discrepancies, [closedEvent]);
    }

    private static BatchClosed Close(
        TerminalState state,
        DateTime hostLocalTime,
        BatchSettlementTotals host,
        BatchSettlementTotals terminal,
        bool byUpload,
        IReadOnlyList<BatchDiscrepancy> discrepancies) =>
        new(
            state.MerchantId,
            state.TerminalId,
            state.CurrentBatchNo,
            BatchNumbers.Next(state.CurrentBatchNo),
            state.CurrentBatchOrdinal,
            hostLocalTime,
            host,
            terminal,
            byUpload,
            discrepancies);

    private static void RequireTotals(BatchSettlementTotals totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        Invariant.Require(
            totals.SaleCount >= 0 && totals.SaleAmountMinor >= 0 && totals.RefundCount >= 0 && totals.RefundAmountMinor >= 0,
            "negative batch totals: the command skipped validation");
    }
}
