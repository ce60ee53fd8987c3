using System.Text.Json;
using AcquirerEngine.Domain.Ledger;
using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Grains.Merchants;

/// <summary>Ledger events to and from the journal (the event's own JSON with its type label): <see cref="MerchantLedgerState.Replay"/>.</summary>
public static class MerchantJournal
{
    public static JournalRecord ToRecord(LedgerEvent ledgerEvent)
    {
        ArgumentNullException.ThrowIfNull(ledgerEvent);
        return new JournalRecord(ledgerEvent.RecordId, ledgerEvent.GetType().Name, JsonSerializer.SerializeToUtf8Bytes(ledgerEvent));
    }

    public static LedgerEvent FromPayload(byte[] payload) =>
        JsonSerializer.Deserialize<LedgerEvent>(payload)
            ?? throw new InvalidDataException("A ledger journal record holds no event.");
}
