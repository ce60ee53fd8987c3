using AcquirerEngine.Domain.Terminals;

namespace AcquirerEngine.Domain.Ledger;

/// <summary>
/// An approved sale reaches the merchant's ledger. The caller computed the clearing date (R1), the value
/// date (R3, from the merchant's cycle and the calendar) and the fee (R10).
/// </summary>
/// <param name="TransactionId">The terminal's record id of the sale: the idempotency key here too.</param>
/// <param name="ValueDateProvisional">The value date depends on a calendar year not loaded yet (R2).</param>
public sealed record CaptureSaleCommand(
    string MerchantId,
    string TransactionId,
    long AmountMinor,
    long FeeMinor,
    CardType CardType,
    string CardToken,
    DateTime LocalTime,
    DateOnly ClearingDate,
    DateOnly ValueDate,
    bool ValueDateProvisional = false)
    : LedgerCommand(MerchantId);
