namespace AcquirerEngine.Domain.Ledger;

/// <summary>
/// The daily settlement run for <paramref name="RunDate"/> (a settlement day per the calendar, decided
/// outside): pays everything due on or before it. Idempotent per run date; run dates only move forward.
/// <paramref name="InboundDay"/>: the calendar day the payout really leaves for the account (the day the run
/// executes; null = <paramref name="RunDate"/>). After downtime several run dates catch up on one day, and the
/// Class II daily inbound limit counts per that day, not per run.
/// </summary>
public sealed record SettleCommand(string MerchantId, DateOnly RunDate, DateTime LocalTime, DateOnly? InboundDay = null)
    : LedgerCommand(MerchantId);
