namespace AcquirerEngine.Domain.Terminals;

/// <summary>Read-only questions about a terminal's state: GetTransaction, ListBatchTransactions, batch totals.</summary>
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
        return orphan is null ? null : ViewOf(state, orphan);
    }

    /// <summary>ListBatchTransactions: every entry of the batch in STAN order (then local date, then arrival).</summary>
    public static IReadOnlyList<TransactionView> ListBatch(TerminalState state, uint batchNo)
    {
        ArgumentNullException.ThrowIfNull(state);
        var entries = new List<(uint Stan, DateOnly Date, long Sequence, TransactionView View)>();
        foreach (var sale in state.Sales.Values)
        {
            if (sale.BatchNo == batchNo)
            {
                entries.Add((sale.Stan, sale.LocalDate, sale.Sequence, ViewOf(state, sale)));
            }
        }

        foreach (var orphan in state.OrphanReversals.Values)
        {
            if (orphan.BatchNo == batchNo)
            {
                entries.Add((orphan.Stan, orphan.LocalDate ?? DateOnly.MinValue, orphan.Sequence, ViewOf(state, orphan)));
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
    /// Host totals of a batch, one entry per currency (ordered by code); an empty batch has none.
    /// Checks R11 at the terminal level: approved - voided - reversed must equal what still stands.
    /// </summary>
    public static IReadOnlyList<BatchTotals> ComputeBatchTotals(TerminalState state, uint batchNo)
    {
        ArgumentNullException.ThrowIfNull(state);
        var result = new List<BatchTotals>();
        var byCurrency = state.Sales.Values
            .Where(s => s.BatchNo == batchNo)
            .GroupBy(s => s.Currency, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var sales in byCurrency)
        {
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
                $"batch {batchNo} {sales.Key}: approved - voided - reversed does not equal the standing sales");
            result.Add(new BatchTotals(
                batchNo,
                sales.Key,
                standingCount,
                standingAmount,
                approvedCount,
                approvedAmount,
                voidedCount,
                voidedAmount,
                reversedCount,
                reversedAmount,
                declinedCount,
                RefundCount: 0,
                RefundAmountMinor: 0));
        }

        return result;
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
}
