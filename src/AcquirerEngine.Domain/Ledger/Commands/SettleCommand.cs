namespace AcquirerEngine.Domain.Ledger;

/// <summary>
/// The daily settlement run for <paramref name="RunDate"/> (a settlement day per the calendar, decided
/// outside): pays everything due on or before it. Idempotent per run date; run dates only move forward.
/// </summary>
public sealed record SettleCommand(string MerchantId, DateOnly RunDate, DateTime LocalTime)
    : LedgerCommand(MerchantId);
