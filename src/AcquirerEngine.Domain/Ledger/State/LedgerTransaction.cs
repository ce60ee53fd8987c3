using System.Text.Json.Serialization;
using AcquirerEngine.Domain.Risk;
using AcquirerEngine.Domain.Terminals;

namespace AcquirerEngine.Domain.Ledger;

/// <summary>
/// One captured sale and where every minor unit of it is. At all times (the per-transaction form of R11):
/// Amount - Cancelled - Refunded - Rejected = Fee + Pending + Held + Deferred + Returned + Σ shares of
/// payouts not returned. Pending is signed: negative is a refund carried against the next settlement.
/// </summary>
public sealed class LedgerTransaction
{
    // Both are empty for most of a merchant's transactions (no risk reason; not yet paid out), so neither keeps
    // an empty list per transaction: null until the first entry. The JSON is the same as for plain lists.
    // Shares are an array of exactly their count: almost every transaction is paid by one payout, and a List (its
    // object plus room for four) per transaction settled was most of what a nightly run left on the heap.
    private PayoutShare[]? _payoutShares;
    private RiskReason[]? _riskReasons;

    // What most transactions never set (holds, deferrals, returns, cancels, refunds, rejections, revisions) lives in
    // one object made at the first value other than its default: a captured-and-paid sale keeps about 90 bytes less,
    // and the merchants' ledgers hold every sale of their open days. The properties read and write exactly as fields
    // did, so the JSON is the same.
    private LedgerTransactionSparseFields? _sparse;

    public string TransactionId { get; set; } = "";

    /// <summary>Arrival order: settlement takes money in this order, so splits are deterministic.</summary>
    public long Sequence { get; set; }

    public long AmountMinor { get; set; }

    /// <summary>Fee as captured (for comparing a repeat); <see cref="FeeMinor"/> is what the fees bucket holds now.</summary>
    public long CapturedFeeMinor { get; set; }

    public long FeeMinor { get; set; }

    public CardType CardType { get; set; }

    public string CardToken { get; set; } = "";

    public DateTime LocalTime { get; set; }

    public DateOnly ClearingDate { get; set; }

    /// <summary>From this date a run pays the pending money (moved forward by a hold release, R5).</summary>
    public DateOnly ValueDate { get; set; }

    public DateOnly CapturedValueDate { get; set; }

    /// <summary>
    /// <see cref="ValueDate"/> came from the weekday rule for a calendar year not loaded yet: settlement runs
    /// recompute it until it is firm (or the money left pending).
    /// </summary>
    public bool ValueDateProvisional { get; set; }

    /// <summary>Value date revisions so far; names the revision records.</summary>
    public int ValueDateRevisionCount
    {
        get => _sparse?.ValueDateRevisionCount ?? 0;
        set => SparseToWrite(value)?.ValueDateRevisionCount = value;
    }

    public long PendingMinor { get; set; }

    public long HeldMinor
    {
        get => _sparse?.HeldMinor ?? 0;
        set => SparseToWrite(value)?.HeldMinor = value;
    }

    public long DeferredMinor
    {
        get => _sparse?.DeferredMinor ?? 0;
        set => SparseToWrite(value)?.DeferredMinor = value;
    }

    public DeferralReason DeferralReason
    {
        get => _sparse?.DeferralReason ?? DeferralReason.None;
        set => SparseToWrite(value)?.DeferralReason = value;
    }

    /// <summary>The run that deferred it last; any later run pays it.</summary>
    public DateOnly? DeferredOnRun
    {
        get => _sparse?.DeferredOnRun;
        set => SparseToWrite(value)?.DeferredOnRun = value;
    }

    public long ReturnedMinor
    {
        get => _sparse?.ReturnedMinor ?? 0;
        set => SparseToWrite(value)?.ReturnedMinor = value;
    }

    public string? ReturnReason
    {
        get => _sparse?.ReturnReason;
        set => SparseToWrite(value)?.ReturnReason = value;
    }

    public IReadOnlyList<PayoutShare> PayoutShares
    {
        get => _payoutShares ?? [];
        set => _payoutShares = value is null || value.Count == 0 ? null : [.. value];
    }

    public CancelKind CancelKind
    {
        get => _sparse?.CancelKind ?? CancelKind.Unspecified;
        set => SparseToWrite(value)?.CancelKind = value;
    }

    public long CancelledMinor
    {
        get => _sparse?.CancelledMinor ?? 0;
        set => SparseToWrite(value)?.CancelledMinor = value;
    }

    public long RefundedMinor
    {
        get => _sparse?.RefundedMinor ?? 0;
        set => SparseToWrite(value)?.RefundedMinor = value;
    }

    public long RejectedMinor
    {
        get => _sparse?.RejectedMinor ?? 0;
        set => SparseToWrite(value)?.RejectedMinor = value;
    }

    public HoldStatus HoldStatus { get; set; }

    public HoldReason HoldReason
    {
        get => _sparse?.HoldReason ?? HoldReason.None;
        set => SparseToWrite(value)?.HoldReason = value;
    }

    public IReadOnlyList<RiskReason> RiskReasons
    {
        get => _riskReasons ?? [];
        set => _riskReasons = value is null || value.Count == 0 ? null : [.. value];
    }

    public string? HoldText
    {
        get => _sparse?.HoldText;
        set => SparseToWrite(value)?.HoldText = value;
    }

    /// <summary>Holds placed so far (risk or operator); names the hold records.</summary>
    public int HoldCount
    {
        get => _sparse?.HoldCount ?? 0;
        set => SparseToWrite(value)?.HoldCount = value;
    }

    /// <summary>
    /// Where a sparse property's new value goes: the side object if there is one; else a new one, unless the value is
    /// the property's default (every sparse property's default is its type's), which a transaction without one reads
    /// already.
    /// </summary>
    private LedgerTransactionSparseFields? SparseToWrite<T>(T value) =>
        _sparse ?? (EqualityComparer<T>.Default.Equals(value, default) ? null : _sparse = new());

    [JsonIgnore]
    public bool IsClosed => CancelKind != CancelKind.Unspecified || HoldStatus == HoldStatus.Rejected;

    [JsonIgnore]
    public bool IsHeld => HoldStatus == HoldStatus.Held;

    /// <summary>Money not yet in any payout that a hold could take (positive parts only).</summary>
    [JsonIgnore]
    public long UnpaidPositiveMinor => Math.Max(PendingMinor, 0) + DeferredMinor + ReturnedMinor;

    [JsonIgnore]
    public long RefundableMinor => AmountMinor - RefundedMinor - RejectedMinor - CancelledMinor;

    /// <summary>
    /// The part of a refund that unpaid money cannot cover and must be carried (deducted from the next
    /// settlement). Mirrors the order <see cref="MerchantLedgerState"/> consumes buckets in.
    /// </summary>
    public long RefundCarryFor(long amountMinor) => Math.Max(0, amountMinor - UnpaidPositiveMinor - HeldMinor);

    /// <summary>Records money of this transaction going into (or, negative, coming back from) a payout.</summary>
    public void AddPayoutShare(PayoutShare share)
    {
        ArgumentNullException.ThrowIfNull(share);
        if (_payoutShares is null)
        {
            _payoutShares = [share];
            return;
        }

        var shares = new PayoutShare[_payoutShares.Length + 1];
        _payoutShares.CopyTo(shares, 0);
        shares[^1] = share;
        _payoutShares = shares;
    }
}
