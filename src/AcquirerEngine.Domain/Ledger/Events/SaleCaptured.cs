using AcquirerEngine.Domain.Risk;
using AcquirerEngine.Domain.Terminals;

namespace AcquirerEngine.Domain.Ledger;

/// <summary>
/// A sale entered the ledger: fee to fees, net to pending, or to held when <see cref="Held"/> (the risk
/// verdict is journalled with it, so replays never re-judge).
/// </summary>
/// <param name="ValueDateProvisional">The value date used the weekday rule for a calendar year not loaded yet,
/// so a later settlement run may revise it (<see cref="ValueDateRevised"/>). Defaults to false for journals
/// written before the flag existed.</param>
public sealed record SaleCaptured(
    string MerchantId,
    string TransactionId,
    long AmountMinor,
    long FeeMinor,
    CardType CardType,
    string CardToken,
    DateTime LocalTime,
    DateOnly ClearingDate,
    DateOnly ValueDate,
    bool Held,
    IReadOnlyList<RiskReason> RiskReasons,
    string? HoldText,
    IReadOnlyList<RiskAlert> Alerts,
    bool ValueDateProvisional = false)
    : LedgerEvent(MerchantId)
{
    public long NetMinor => AmountMinor - FeeMinor;

    public override string RecordId => LedgerRecordIds.Capture(MerchantId, TransactionId);
}
