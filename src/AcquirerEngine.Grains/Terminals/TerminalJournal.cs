using System.Text.Json;
using AcquirerEngine.Domain.Terminals;
using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Grains.Terminals;

/// <summary>
/// How terminal events are written to and read from the journal. The payload is the event's own JSON
/// (with its stable type label), so the journal alone rebuilds the terminal: <see cref="TerminalState.Replay"/>.
/// </summary>
public static class TerminalJournal
{
    public static JournalRecord ToRecord(TerminalEvent terminalEvent)
    {
        ArgumentNullException.ThrowIfNull(terminalEvent);
        return ToRecord(terminalEvent, terminalEvent.RecordId);
    }

    /// <summary>
    /// <see cref="ToRecord(TerminalEvent)"/> with the event's id already read (it is built on every read). A sale's
    /// answer, approved or declined, is deduped by the terminal (<see cref="JournalRecord.DedupedByGrain"/>): its id
    /// is the sale's identity in the open batch, the decider answers a repeat from the state, which holds every sale
    /// of that batch, and the state refuses to apply a second answer to the same identity.
    /// </summary>
    internal static JournalRecord ToRecord(TerminalEvent terminalEvent, string recordId) =>
        new(recordId, terminalEvent.GetType().Name, PolymorphicJournalJson.Serialize(terminalEvent), DedupedByGrain: terminalEvent is SaleApproved or SaleDeclined);

    public static TerminalEvent FromPayload(byte[] payload) =>
        JsonSerializer.Deserialize<TerminalEvent>(payload)
            ?? throw new InvalidDataException("A terminal journal record holds no event.");
}
