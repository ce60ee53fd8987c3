namespace AcquirerEngine.Domain.Terminals;

/// <summary>
/// The four numbers a 0500 compares (the wire BatchTotals): sales that still stand (approved minus voided
/// minus reversed) and refunds made in the batch. Amounts are summed in minor units across the batch's
/// currencies, which is only meaningful for a single-currency batch: a mixed batch is never balanced by
/// 0500 and always goes through upload (see <see cref="TerminalDecider"/>).
/// </summary>
public sealed record BatchSettlementTotals(int SaleCount, long SaleAmountMinor, int RefundCount, long RefundAmountMinor)
{
    public static BatchSettlementTotals Zero { get; } = new(0, 0, 0, 0);
}
