namespace AcquirerEngine.Domain.Validation;

/// <summary>The wire BatchTotals as it arrived (counts are uint32 on the wire).</summary>
public sealed record BatchTotalsInput(uint SaleCount, long SaleAmountMinor, uint RefundCount, long RefundAmountMinor);
