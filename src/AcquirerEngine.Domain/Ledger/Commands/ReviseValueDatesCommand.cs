namespace AcquirerEngine.Domain.Ledger;

/// <summary>
/// R2/R3: operators load calendar years after sales into them were captured, so a provisional value date
/// (weekday rule) can land on a holiday. The caller recomputes the dates with the current calendar; the
/// ledger moves those of transactions whose date is still provisional and whose money is not yet paid.
/// Entries for other transactions are ignored, so the caller may pass more than needed.
/// </summary>
public sealed record ReviseValueDatesCommand(string MerchantId, IReadOnlyList<RecomputedValueDate> Dates, DateTime LocalTime)
    : LedgerCommand(MerchantId);
