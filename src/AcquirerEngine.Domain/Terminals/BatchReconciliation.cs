namespace AcquirerEngine.Domain.Terminals;

/// <summary>
/// The 0320 reconciliation rule. The host is the truth for money: it already answered every sale, and the
/// card holder was debited (or not) on the strength of that answer. So an upload never changes what
/// settles; it only produces a report:
/// <list type="bullet">
/// <item>a record that matches a standing host sale (same identity and body): no line;</item>
/// <item>same identity, different body: <see cref="BatchDiscrepancyKind.BodyMismatch"/>, the host's body settles;</item>
/// <item>a record of a sale the host declined, voided or reversed: <see cref="BatchDiscrepancyKind.NotStandingOnHost"/>, no money;</item>
/// <item>a record the host never saw: <see cref="BatchDiscrepancyKind.UnknownToHost"/>, recorded with no
/// financial effect and never approved after the fact (the card was not authorised for it);</item>
/// <item>a standing host sale the terminal did not upload: <see cref="BatchDiscrepancyKind.MissingOnTerminal"/>,
/// it stays approved and settles.</item>
/// </list>
/// Refunds are not part of a 0320 upload (the wire carries sale records only): the host's refunds stand.
/// Lines are ordered by STAN, then local date, then kind, so the report is the same for the same input.
/// </summary>
public static class BatchReconciliation
{
    public static IReadOnlyList<BatchDiscrepancy> Reconcile(TerminalState state, IReadOnlyList<UploadedSaleRecord> records)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(records);
        var batchNo = state.CurrentBatchNo;
        var lines = new List<BatchDiscrepancy>();
        var seen = new HashSet<SaleKey>();
        foreach (var record in records)
        {
            ArgumentNullException.ThrowIfNull(record);
            var key = new SaleKey(batchNo, record.Stan, record.LocalDate);
            Invariant.Require(seen.Add(key), $"upload holds {key} twice: the command skipped validation");
            var sale = state.FindSale(batchNo, record.Stan, record.LocalDate);
            if (sale is null || !state.IsInOpenBatch(sale))
            {
                lines.Add(new(BatchDiscrepancyKind.UnknownToHost, record.Stan, record.LocalDate, record, 0, null));
            }
            else if (sale.Status != TransactionStatus.Approved)
            {
                lines.Add(new(BatchDiscrepancyKind.NotStandingOnHost, record.Stan, record.LocalDate, record, sale.AmountMinor, sale.Status));
            }
            else if (!HasSameBody(sale, record))
            {
                lines.Add(new(BatchDiscrepancyKind.BodyMismatch, record.Stan, record.LocalDate, record, sale.AmountMinor, sale.Status));
            }
        }

        foreach (var sale in state.Sales.Values)
        {
            if (state.IsInOpenBatch(sale)
                && sale.Status == TransactionStatus.Approved
                && !seen.Contains(new SaleKey(sale.BatchNo, sale.Stan, sale.LocalDate)))
            {
                lines.Add(new(BatchDiscrepancyKind.MissingOnTerminal, sale.Stan, sale.LocalDate, null, sale.AmountMinor, sale.Status));
            }
        }

        return lines
            .OrderBy(l => l.Stan)
            .ThenBy(l => l.LocalDate)
            .ThenBy(l => l.Kind)
            .ToList();
    }

    private static bool HasSameBody(TerminalSale sale, UploadedSaleRecord record) =>
        sale.AmountMinor == record.AmountMinor
        && sale.Currency == record.Currency
        && sale.CardType == record.CardType
        && sale.CardToken == record.CardToken
        && sale.LocalTime == record.LocalTime;
}
