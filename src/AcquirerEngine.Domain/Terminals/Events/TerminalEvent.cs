using System.Text.Json.Serialization;

namespace AcquirerEngine.Domain.Terminals;

/// <summary>
/// A fact in a terminal's journal. The journal is the truth; <see cref="TerminalState"/> is a projection
/// of it. Every event carries a stable <see cref="RecordId"/> derived from its identity, so a duplicate is refused:
/// a sale's answer by the terminal's own state (its decider; the store leaves those ids to it), every other event
/// by the store as well. The type discriminators are part of the journal format: never rename them.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$event")]
[JsonDerivedType(typeof(TerminalRegistered), "terminal-registered")]
[JsonDerivedType(typeof(TerminalSignedOn), "terminal-signed-on")]
[JsonDerivedType(typeof(TerminalSignedOff), "terminal-signed-off")]
[JsonDerivedType(typeof(SaleApproved), "sale-approved")]
[JsonDerivedType(typeof(SaleDeclined), "sale-declined")]
[JsonDerivedType(typeof(SaleVoided), "sale-voided")]
[JsonDerivedType(typeof(SaleReversed), "sale-reversed")]
[JsonDerivedType(typeof(OrphanReversalRecorded), "orphan-reversal-recorded")]
[JsonDerivedType(typeof(SaleRefunded), "sale-refunded")]
[JsonDerivedType(typeof(BatchUploadRequired), "batch-upload-required")]
[JsonDerivedType(typeof(BatchClosed), "batch-closed")]
public abstract record TerminalEvent(string MerchantId, string TerminalId)
{
    /// <summary>
    /// Idempotency key of the journal record; computed from the event's identity fields (serialized for
    /// readers of the journal, ignored when read back because it is derived).
    /// </summary>
    public abstract string RecordId { get; }
}
