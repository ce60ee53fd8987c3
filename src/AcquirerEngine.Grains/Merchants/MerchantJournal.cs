using System.Text.Json;
using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Domain.Explanations;
using AcquirerEngine.Domain.Ledger;
using AcquirerEngine.Grains.Alerts;
using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Grains.Merchants;

/// <summary>
/// The merchant's journal records. Most are ledger events (the event's own JSON, kind = its type name:
/// <see cref="MerchantLedgerState.Replay"/>); the settlement run also appends <see cref="PayoutTrackedKind"/>
/// records for the payout tracking it changes (routed by the run, accepted by a rail), so a run appends instead
/// of rewriting the whole state, and a capture appends an <see cref="AlertPendingKind"/> record for each risk alert
/// it raises. Journals written before those kinds existed replay as before. Readers that want the ledger filter
/// with <see cref="IsLedgerRecord"/>.
/// </summary>
public static class MerchantJournal
{
    /// <summary>A payout's tracking set by a settlement run (<see cref="MerchantPayoutTrackedEntry"/>).</summary>
    public const string PayoutTrackedKind = "MerchantPayoutTracked";

    /// <summary>A risk alert a capture raised, queued for the alert grain (the record's payload is the <see cref="AlertRecord"/>).</summary>
    public const string AlertPendingKind = "MerchantAlertPending";

    /// <summary>The route the settlement run that instructed the payout chose: once per payout (its id is unique).</summary>
    public static string PayoutRoutedId(string payoutId) => $"merchant-payout-routed:{payoutId}";

    /// <summary>A rail accepted the payout: once per payout, since an accepted payout is never handed over again.</summary>
    public static string PayoutAcceptedId(string payoutId) => $"merchant-payout-accepted:{payoutId}";

    /// <summary>
    /// A ledger event's record. A capture is deduped by the merchant (<see cref="JournalRecord.DedupedByGrain"/>): its
    /// id is the transaction's, and the ledger keeps every transaction it captured and answers a repeat as a duplicate.
    /// </summary>
    public static JournalRecord ToRecord(LedgerEvent ledgerEvent)
    {
        ArgumentNullException.ThrowIfNull(ledgerEvent);
        return new JournalRecord(
            ledgerEvent.RecordId, ledgerEvent.GetType().Name, PolymorphicJournalJson.Serialize(ledgerEvent), DedupedByGrain: ledgerEvent is SaleCaptured);
    }

    /// <summary>The events' records in order, in a list with room for <paramref name="more"/> records of the merchant's own.</summary>
    public static List<JournalRecord> ToRecords(IReadOnlyList<LedgerEvent> events, int more = 0)
    {
        ArgumentNullException.ThrowIfNull(events);
        var records = new List<JournalRecord>(events.Count + more);
        for (var i = 0; i < events.Count; i++)
        {
            records.Add(ToRecord(events[i]));
        }

        return records;
    }

    public static JournalRecord PayoutTracked(string recordId, PayoutTracking tracking, ChannelKind? railAvailable)
    {
        ArgumentException.ThrowIfNullOrEmpty(recordId);
        ArgumentNullException.ThrowIfNull(tracking);
        return new JournalRecord(recordId, PayoutTrackedKind, JsonSerializer.SerializeToUtf8Bytes(new MerchantPayoutTrackedEntry(tracking, railAvailable)));
    }

    /// <summary>A risk alert queued by the capture that raised it: once per alert, whose id names the transaction.</summary>
    public static string AlertPendingId(string alertId) => $"merchant-alert-pending:{alertId}";

    /// <summary>
    /// A capture's risk alert, in the capture's own append. Deduped by the merchant (<see cref="JournalRecord.DedupedByGrain"/>)
    /// as the capture it rides with is: the alert names the transaction, and only a new capture raises it.
    /// </summary>
    public static JournalRecord AlertPending(AlertRecord alert)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return new JournalRecord(AlertPendingId(alert.Id), AlertPendingKind, JsonSerializer.SerializeToUtf8Bytes(alert), DedupedByGrain: true);
    }

    /// <summary>True for a ledger event record, false for the merchant's own bookkeeping records.</summary>
    public static bool IsLedgerRecord(string kind) => kind is not (PayoutTrackedKind or AlertPendingKind);

    public static LedgerEvent FromPayload(byte[] payload) =>
        JsonSerializer.Deserialize<LedgerEvent>(payload)
            ?? throw new InvalidDataException("A ledger journal record holds no event.");

    /// <summary>Replays one record onto <paramref name="state"/> exactly as the live grain changed it when appending it.</summary>
    public static void Apply(MerchantGrainState state, StoredJournalRecord record)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(record);
        if (IsLedgerRecord(record.Kind))
        {
            state.Ledger.Apply(FromPayload(record.Payload));
            return;
        }

        if (record.Kind == AlertPendingKind)
        {
            // Queued again even if the live grain handed it over after appending: the alert grain answers a
            // repeated id as a duplicate, and the merchant then drops it (at least once, as before).
            state.PendAlert(JsonSerializer.Deserialize<AlertRecord>(record.Payload)
                ?? throw new InvalidDataException($"Merchant record {record.RecordId} ({record.Kind}) holds no alert."));
            return;
        }

        var entry = JsonSerializer.Deserialize<MerchantPayoutTrackedEntry>(record.Payload)
            ?? throw new InvalidDataException($"Merchant record {record.RecordId} ({record.Kind}) holds no payout tracking.");
        if (entry.Tracking is null || entry.Tracking.PayoutId.Length == 0)
        {
            throw new InvalidDataException($"Merchant record {record.RecordId} ({record.Kind}) names no payout.");
        }

        state.Payouts[entry.Tracking.PayoutId] = entry.Tracking;
        if (entry.RailAvailable is { } rail)
        {
            state.RailUnavailableSince.Remove(rail);
        }
    }
}
