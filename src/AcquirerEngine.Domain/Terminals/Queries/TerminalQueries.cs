namespace AcquirerEngine.Domain.Terminals;

/// <summary>
/// Read-only questions about a terminal's state: GetTransaction, ListBatchTransactions, batch totals, batch age.
/// A batch number names the open batch's entries (not yet settled) when it is the open number, otherwise the
/// closed entries with that number: batch numbers wrap after 999999, and a wrapped open batch must not pick
/// up the settled entries of its namesake.
/// </summary>
public static class TerminalQueries
{
    /// <summary>
    /// GetTransaction: the sale named by the key (newest match when the key has no date), else the orphan
    /// reversal recorded under it, else null. Keys of another merchant or terminal find nothing.
    /// </summary>
    public static TransactionView? FindTransaction(TerminalState state, OriginalSaleKey key)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(key);
        if (!state.Registered || key.MerchantId != state.MerchantId || key.TerminalId != state.TerminalId)
        {
            return null;
        }

        var sale = state.FindSale(key.BatchNo, key.Stan, key.LocalDate);
        if (sale is not null)
        {
            return ViewOf(state, sale);
        }

        var orphan = state.FindOrphanReversal(key.BatchNo, key.Stan, key.LocalDate);
        if (orphan is not null)
        {
            return ViewOf(state, orphan);
        }

        var refund = FindRefund(state, key);
        return refund is null ? null : ViewOf(state, refund);
    }

    /// <summary>ListBatchTransactions: every entry of the batch in STAN order (then local date, then arrival).</summary>
    public static IReadOnlyList<TransactionView> ListBatch(TerminalState state, uint batchNo)
    {
        ArgumentNullException.ThrowIfNull(state);
        var entries = new List<(uint Stan, DateOnly Date, long Sequence, TransactionView View)>();
        foreach (var sale in state.Sales.Values)
        {
            if (InBatch(state, sale.BatchNo, sale.Settled, batchNo))
            {
                entries.Add((sale.Stan, sale.LocalDate, sale.Sequence, ViewOf(state, sale)));
            }
        }

        foreach (var orphan in state.OrphanReversals.Values)
        {
            if (InBatch(state, orphan.BatchNo, orphan.Settled, batchNo))
            {
                entries.Add((orphan.Stan, orphan.LocalDate ?? DateOnly.MinValue, orphan.Sequence, ViewOf(state, orphan)));
            }
        }

        foreach (var refund in state.Refunds.Values)
        {
            if (InBatch(state, refund.BatchNo, refund.Settled, batchNo))
            {
                entries.Add((refund.Stan, refund.LocalDate, refund.Sequence, ViewOf(state, refund)));
            }
        }

        return entries
            .OrderBy(e => e.Stan)
            .ThenBy(e => e.Date)
            .ThenBy(e => e.Sequence)
            .Select(e => e.View)
            .ToList();
    }

    /// <summary>
    /// Host totals of a batch, one entry per currency (ordered by code); an empty batch has none. Refunds
    /// count in the batch they were made in, not in their original's. Checks R11 at the terminal level:
    /// approved - voided - reversed must equal what still stands.
    /// </summary>
    public static IReadOnlyList<BatchTotals> ComputeBatchTotals(TerminalState state, uint batchNo)
    {
        ArgumentNullException.ThrowIfNull(state);
        var result = new List<BatchTotals>();
        var batchSales = state.Sales.Values.Where(s => InBatch(state, s.BatchNo, s.Settled, batchNo)).ToList();
        var batchRefunds = state.Refunds.Values.Where(r => InBatch(state, r.BatchNo, r.Settled, batchNo)).ToList();
        var currencies = batchSales.Select(s => s.Currency)
            .Concat(batchRefunds.Select(r => r.Currency))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        foreach (var currency in currencies)
        {
            var sales = batchSales.Where(s => s.Currency == currency);
            var refunds = batchRefunds.Where(r => r.Currency == currency).ToList();
            int standingCount = 0, approvedCount = 0, voidedCount = 0, reversedCount = 0, declinedCount = 0;
            long standingAmount = 0, approvedAmount = 0, voidedAmount = 0, reversedAmount = 0;
            foreach (var sale in sales)
            {
                if (sale.Disposition == SaleDisposition.Declined)
                {
                    declinedCount++;
                    continue;
                }

                approvedCount++;
                approvedAmount = checked(approvedAmount + sale.AmountMinor);
                switch (sale.Status)
                {
                    case TransactionStatus.Approved:
                        standingCount++;
                        standingAmount = checked(standingAmount + sale.AmountMinor);
                        break;
                    case TransactionStatus.Voided:
                        voidedCount++;
                        voidedAmount = checked(voidedAmount + sale.AmountMinor);
                        break;
                    case TransactionStatus.Reversed:
                        reversedCount++;
                        reversedAmount = checked(reversedAmount + sale.AmountMinor);
                        break;
                    default:
                        throw new InvariantViolationException($"approved sale {sale.Rrn} in status {sale.Status}");
                }
            }

            Invariant.Require(
                approvedAmount - voidedAmount - reversedAmount == standingAmount
                && approvedCount - voidedCount - reversedCount == standingCount,
                $"batch {batchNo} {currency}: approved - voided - reversed does not equal the standing sales");
            long refundAmount = 0;
            foreach (var refund in refunds)
            {
                refundAmount = checked(refundAmount + refund.AmountMinor);
            }

            result.Add(new BatchTotals(
                batchNo,
                currency,
                standingCount,
                standingAmount,
                approvedCount,
                approvedAmount,
                voidedCount,
                voidedAmount,
                reversedCount,
                reversedAmount,
                declinedCount,
                refunds.Count,
                refundAmount));
        }

        return result;
    }

    /// <summary>
    /// The host's side of a 0500 (the wire BatchTotals): standing sales and refunds of the batch, summed over
    /// its currencies (see <see cref="BatchSettlementTotals"/> on why that is only compared for one currency).
    /// </summary>
    public static BatchSettlementTotals ComputeSettlementTotals(TerminalState state, uint batchNo)
    {
        var totals = ComputeBatchTotals(state, batchNo);
        var saleCount = 0;
        var refundCount = 0;
        long saleAmount = 0;
        long refundAmount = 0;
        foreach (var currency in totals)
        {
            saleCount = checked(saleCount + currency.SaleCount);
            saleAmount = checked(saleAmount + currency.SaleAmountMinor);
            refundCount = checked(refundCount + currency.RefundCount);
            refundAmount = checked(refundAmount + currency.RefundAmountMinor);
        }

        return new BatchSettlementTotals(saleCount, saleAmount, refundCount, refundAmount);
    }

    /// <summary>
    /// When the open batch started: the earlier of its recorded opening (previous close, or first timed
    /// sign-on) and its earliest transaction's local time. The fallback keeps journals written before opening
    /// times were recorded answerable. Null when neither is known (an untouched batch of such a journal).
    /// </summary>
    public static DateTime? OpenBatchStartedAt(TerminalState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        // Asked on every sale: the state keeps its earliest open-batch entry, so this does not walk the batch.
        return state.EarliestOpenBatchEntryAt() is { } earliest
            ? Earlier(state.CurrentBatchOpenedAt, earliest)
            : state.CurrentBatchOpenedAt;
    }

    /// <summary>
    /// How long the open batch has been open at the host's local time <paramref name="localNow"/> (passed in:
    /// the domain reads no clock); null when its start is unknown. Never negative: a terminal clock ahead of
    /// the host's must not produce a "young" batch below zero.
    /// </summary>
    public static TimeSpan? OpenBatchAge(TerminalState state, DateTime localNow)
    {
        var started = OpenBatchStartedAt(state);
        if (started is not { } start)
        {
            return null;
        }

        var age = localNow - start;
        return age < TimeSpan.Zero ? TimeSpan.Zero : age;
    }

    /// <summary>
    /// The "batch open too long" alert (scenario 13): the open batch is older than <paramref name="maxDays"/>
    /// days and holds at least one transaction. An empty batch holds no money waiting to settle, so it never
    /// alerts however old it is. Sales are not refused because of it: the alert is for the operator.
    /// </summary>
    public static bool IsBatchOpenTooLong(TerminalState state, DateTime localNow, int maxDays)
    {
        ArgumentNullException.ThrowIfNull(state);
        Invariant.Require(maxDays > 0, $"max batch age {maxDays} days must be positive");
        var hasEntries = state.EarliestOpenBatchEntryAt() is not null;
        return hasEntries && OpenBatchAge(state, localNow) is { } age && age > TimeSpan.FromDays(maxDays);
    }

    /// <summary>The newest closed batch with this number, for a repeated 0500/0320 or a report; null if unknown.</summary>
    public static ClosedBatch? FindClosedBatch(TerminalState state, uint batchNo)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.FindClosedBatch(batchNo);
    }

    private static DateTime? Earlier(DateTime? current, DateTime candidate) =>
        current is { } known && known <= candidate ? known : candidate;

    private static bool InBatch(TerminalState state, uint entryBatchNo, bool settled, uint batchNo) =>
        entryBatchNo == batchNo && (batchNo != state.CurrentBatchNo || !settled);

    /// <summary>A refund by its own key: exact with a date, else the newest refund with that STAN in that batch.</summary>
    private static TerminalRefund? FindRefund(TerminalState state, OriginalSaleKey key)
    {
        if (key.LocalDate is { } date)
        {
            return state.FindRefund(key.BatchNo, key.Stan, date);
        }

        return state.Refunds.Values
            .Where(r => r.BatchNo == key.BatchNo && r.Stan == key.Stan)
            .OrderByDescending(r => r.LocalTime)
            .ThenByDescending(r => r.Sequence)
            .FirstOrDefault();
    }

    private static TransactionView ViewOf(TerminalState state, TerminalSale sale) =>
        new(
            state.MerchantId,
            state.TerminalId,
            sale.BatchNo,
            sale.Stan,
            sale.LocalDate,
            sale.LocalTime,
            TransactionKind.Sale,
            sale.Status,
            sale.AmountMinor,
            sale.Currency,
            sale.CardType,
            sale.Rrn,
            sale.ApprovalCode,
            sale.DeclineReason,
            sale.DeclineReasonText,
            sale.RefundedMinor,
            sale.VoidStan,
            sale.VoidRrn);

    private static TransactionView ViewOf(TerminalState state, OrphanReversal orphan) =>
        new(
            state.MerchantId,
            state.TerminalId,
            orphan.BatchNo,
            orphan.Stan,
            orphan.LocalDate,
            null,
            TransactionKind.OrphanReversal,
            TransactionStatus.NoEffect,
            0,
            null,
            CardType.Unspecified,
            null,
            null,
            SaleDeclineReason.None,
            null,
            0,
            null,
            null);

    private static TransactionView ViewOf(TerminalState state, TerminalRefund refund) =>
        new(
            state.MerchantId,
            state.TerminalId,
            refund.BatchNo,
            refund.Stan,
            refund.LocalDate,
            refund.LocalTime,
            TransactionKind.Refund,
            TransactionStatus.Approved,
            refund.AmountMinor,
            refund.Currency,
            refund.CardType,
            refund.Rrn,
            null,
            SaleDeclineReason.None,
            null,
            0,
            null,
            null)
        {
            Original = new OriginalSaleKey(state.MerchantId, state.TerminalId, refund.OriginalBatchNo, refund.OriginalStan, refund.OriginalLocalDate),
        };
}
