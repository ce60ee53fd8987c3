namespace AcquirerEngine.Domain.Risk;

/// <summary>
/// An alert is a value, not a side effect: the ledger journals it with the sale and the grain forwards it,
/// so a replay never sends it twice and never loses it.
/// </summary>
/// <param name="LocalTime">The sale's acquirer-local time (no offset).</param>
public sealed record RiskAlert(
    RiskAlertKind Kind,
    string MerchantId,
    string TransactionId,
    string Message,
    DateTime LocalTime);
