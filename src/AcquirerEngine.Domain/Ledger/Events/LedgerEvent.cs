using System.Text.Json.Serialization;

namespace AcquirerEngine.Domain.Ledger;

/// <summary>
/// A fact in a merchant ledger's journal; <see cref="MerchantLedgerState"/> is its projection. Every event
/// has a stable <see cref="RecordId"/>, so a duplicate is refused: a capture by the ledger itself (it keeps every
/// transaction it captured; the store leaves those ids to it), every other event by the store as well.
/// Discriminators are part of the journal format: never rename them.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$event")]
[JsonDerivedType(typeof(AccountConfigured), "ledger-account-configured")]
[JsonDerivedType(typeof(SaleCaptured), "ledger-sale-captured")]
[JsonDerivedType(typeof(SaleCancelled), "ledger-sale-cancelled")]
[JsonDerivedType(typeof(RefundRecorded), "ledger-refund-recorded")]
[JsonDerivedType(typeof(HoldPlaced), "ledger-hold-placed")]
[JsonDerivedType(typeof(HoldReleased), "ledger-hold-released")]
[JsonDerivedType(typeof(HoldRejected), "ledger-hold-rejected")]
[JsonDerivedType(typeof(AccountFrozen), "ledger-account-frozen")]
[JsonDerivedType(typeof(AccountUnfrozen), "ledger-account-unfrozen")]
[JsonDerivedType(typeof(SettlementRunCompleted), "ledger-settlement-run-completed")]
[JsonDerivedType(typeof(PayoutQueued), "ledger-payout-queued")]
[JsonDerivedType(typeof(PayoutSent), "ledger-payout-sent")]
[JsonDerivedType(typeof(PayoutCredited), "ledger-payout-credited")]
[JsonDerivedType(typeof(PayoutReturned), "ledger-payout-returned")]
[JsonDerivedType(typeof(PayoutPartReturned), "ledger-payout-part-returned")]
[JsonDerivedType(typeof(ValueDateRevised), "ledger-value-date-revised")]
public abstract record LedgerEvent(string MerchantId)
{
    /// <summary>Idempotency key of the journal record, derived from the event's identity fields.</summary>
    public abstract string RecordId { get; }
}
