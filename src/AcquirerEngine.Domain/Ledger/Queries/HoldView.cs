using AcquirerEngine.Domain.Risk;

namespace AcquirerEngine.Domain.Ledger;

/// <summary>An active hold for the operators' review list.</summary>
public sealed record HoldView(
    string TransactionId,
    long HeldMinor,
    HoldReason Reason,
    IReadOnlyList<RiskReason> RiskReasons,
    string? Text,
    DateTime LocalTime,
    DateOnly ClearingDate);
