namespace AcquirerEngine.Domain.Ledger;

/// <summary>
/// The settlement run of <see cref="RunDate"/>: at most one payout instruction (netted over every
/// allocation) plus the deferrals. Without a payout the allocations are empty and
/// <see cref="NoPayoutReason"/> says why (nothing due, or carried refunds ate everything).
/// </summary>
public sealed record SettlementRunCompleted(
    string MerchantId,
    DateOnly RunDate,
    DateTime LocalTime,
    string? PayoutId,
    long PayoutAmountMinor,
    AccountType AccountType,
    AccountDestination Destination,
    IReadOnlyList<PayoutAllocation> Allocations,
    IReadOnlyList<FundsDeferral> Deferrals,
    SettleResult Result,
    DateOnly? InboundDay = null)
    : LedgerEvent(MerchantId)
{
    public override string RecordId => LedgerRecordIds.SettlementRun(MerchantId, RunDate);
}
