using AcquirerEngine.Domain.Risk;

namespace AcquirerEngine.Domain.Ledger;

/// <summary>
/// One transaction as the merchant is told: its state and the reason, its dates, its latest payout, and
/// its money by bucket (so an explanation can name the state and compute the expected arrival).
/// </summary>
/// <param name="Reason">Human-readable why: the hold text, the deferral, the return reason, "account frozen".</param>
/// <param name="PayoutId">The latest payout it is (or was) part of.</param>
/// <param name="PayoutStatus">That payout's status (queued at a closed channel vs in transit, for instance).</param>
/// <param name="ValueDateProvisional">The ledger's value date still rests on a calendar year not loaded when it was computed.</param>
public sealed record LedgerTransactionView(
    string TransactionId,
    LedgerTransactionStatus Status,
    string? Reason,
    HoldStatus HoldStatus,
    HoldReason HoldReason,
    IReadOnlyList<RiskReason> RiskReasons,
    DeferralReason DeferralReason,
    DateOnly ClearingDate,
    DateOnly ValueDate,
    string? PayoutId,
    PayoutStatus? PayoutStatus,
    long AmountMinor,
    long FeeMinor,
    long PendingMinor,
    long HeldMinor,
    long DeferredMinor,
    long ReturnedMinor,
    long InPayoutMinor,
    long PaidMinor,
    long RefundedMinor,
    bool ValueDateProvisional = false);
