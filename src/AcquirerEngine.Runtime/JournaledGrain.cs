using System.Text.Json;
using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Runtime;

/// <summary>
/// A grain whose state changes are (mostly) its own journal records: it says how one record changes the
/// state (<see cref="ApplyJournalRecord"/>) and writes such changes with <see cref="AppendAsync"/>. The store
/// then keeps only the records and a version bump, and the full state on every
/// <see cref="GrainRuntimeOptions.SnapshotEvery"/>-th write; activation reads the last snapshot and replays
/// the records written after it. Changes the records do not express (delivery bookkeeping, acknowledgements)
/// still go through <see cref="Grain{TState}.WriteStateAsync()"/>, which writes a snapshot.
/// </summary>
/// <remarks>
/// On a store that is not an <see cref="IJournaledGrainStorage"/> (e.g. a test wrapper) every write is a
/// full snapshot, exactly as for <see cref="Grain{TState}"/>, so the grain behaves the same on any store.
/// </remarks>
public abstract class JournaledGrain<TState> : Grain<TState>
    where TState : class, new()
{
    private long _appendsSinceSnapshot;

    /// <summary>
    /// Applies one of this grain's own journal records to <paramref name="state"/>, exactly as the live
    /// grain changed its state when it appended the record. Called while activating, before OnActivateAsync.
    /// </summary>
    protected abstract void ApplyJournalRecord(TState state, StoredJournalRecord record);

    /// <summary>
    /// Makes <paramref name="records"/> durable as this turn's whole state change: the caller has already
    /// applied them to <see cref="Grain{TState}.State"/> and changed nothing else. Writes a snapshot instead
    /// on the first write, every SnapshotEvery-th write, or when the store takes no appends.
    /// </summary>
    protected async Task AppendAsync(IReadOnlyList<JournalRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var activation = Activation;
        if (activation.Runtime.Storage is not IJournaledGrainStorage
            || records.Count == 0
            || Version == 0
            || _appendsSinceSnapshot + 1 >= activation.Runtime.Options.SnapshotEvery)
        {
            await WriteStateAsync(records);
            return;
        }

        await WriteToStoreAsync(GrainStateWrite.Append(activation.GrainId, Version, records));
        _appendsSinceSnapshot++;
    }

    private protected override void OnFullStateWritten() => _appendsSinceSnapshot = 0;

    private protected override async Task ReadStoredStateAsync()
    {
        var activation = Activation;
        if (activation.Runtime.Storage is not IJournaledGrainStorage storage)
        {
            await base.ReadStoredStateAsync();
            _appendsSinceSnapshot = 0;
            return;
        }

        var stored = await storage.ReadStateWithTailAsync(activation.GrainId, CancellationToken.None);
        if (stored is null)
        {
            State = new TState();
            Version = 0;
            _appendsSinceSnapshot = 0;
            OnStateSynchronized();
            return;
        }

        var state = JsonSerializer.Deserialize<TState>(stored.Payload, activation.Runtime.Options.JsonSerializerOptions) ?? new TState();
        foreach (var record in stored.Tail)
        {
            ApplyJournalRecord(state, record);
        }

        State = state;
        Version = stored.Version;
        _appendsSinceSnapshot = stored.Version - stored.SnapshotVersion;

        // As after any read: memory equals the store now, so published figures (queue gauges) may follow it.
        OnStateSynchronized();
    }
}
