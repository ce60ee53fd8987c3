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

    /// <summary><see cref="ToRecord(TerminalEvent)"/> with the event's id already read (it is built on every read).</summary>
    internal static JournalRecord ToRecord(TerminalEvent terminalEvent, string recordId) =>
        new(recordId, terminalEvent.GetType().Name, PolymorphicJournalJson.Serialize(terminalEvent));

    public static TerminalEvent FromPayload(byte[] payload) =>
        JsonSerializer.Deserialize<TerminalEvent>(payload)
            ?? throw new InvalidDataException("A terminal journal record holds no event.");
}
