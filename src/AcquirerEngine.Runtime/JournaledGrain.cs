using System.Text.Json;
using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Runtime;

/// <summary>
/// A grain whose state changes are (mostly) its own journal records: it says how one record changes the
/// state (<see cref="ApplyJournalRecord"/>) and writes such changes with <see cref="AppendAsync"/> (or, pipelined,
/// <see cref="AppendPipelinedAsync"/>). The store then keeps only the records and a version bump, and the full
/// state now and then (a snapshot); activation reads the last snapshot and replays the records written after it.
/// Changes the records do not express (delivery bookkeeping, acknowledgements) still go through
/// <see cref="Grain{TState}.WriteStateAsync()"/>, which writes a snapshot.
/// </summary>
/// <remarks>
/// <para>A snapshot is due once at least <see cref="GrainRuntimeOptions.SnapshotEvery"/> appends were written since
/// the last one and, when that snapshot was larger than <see cref="LargeSnapshotBytes"/>, the records appended
/// since weigh at least as much as it did. So a small state is written every SnapshotEvery-th write as before
/// (at most LargeSnapshotBytes / SnapshotEvery snapshot bytes per write), while a large one (a rail holding a
/// million payouts) is rewritten only after as many bytes were appended as it holds: at most one snapshot byte
/// per appended record byte, instead of the whole queue every SnapshotEvery enqueues. Replay on activation then
/// reads at most about the state's size again in records.</para>
/// <para>On a store that is not an <see cref="IJournaledGrainStorage"/> (e.g. a test wrapper) every write is a
/// full snapshot, exactly as for <see cref="Grain{TState}"/>, so the grain behaves the same on any store.</para>
/// </remarks>
public abstract class JournaledGrain<TState> : Grain<TState>
    where TState : class, new()
{
    /// <summary>Above this snapshot size, snapshot frequency follows the bytes appended, not only the write count.</summary>
    public const int LargeSnapshotBytes = 64 * 1024;

    private long _appendsSinceSnapshot;
    private long _appendedBytesSinceSnapshot;
    private long _lastSnapshotBytes;

    /// <summary>
    /// Applies one of this grain's own journal records to <paramref name="state"/>, exactly as the live
    /// grain changed its state when it appended the record. Called while activating, before OnActivateAsync.
    /// </summary>
    protected abstract void ApplyJournalRecord(TState state, StoredJournalRecord record);

    /// <summary>
    /// Makes <paramref name="records"/> durable as this turn's whole state change: the caller has already
    /// applied them to <see cref="Grain{TState}.State"/> and changed nothing else. Writes a snapshot instead
    /// on the first write, when one is due (see the remarks), or when the store takes no appends.
    /// </summary>
    protected Task AppendAsync(IReadOnlyList<JournalRecord> records) => AppendAsync(records, WriteUrgency.Prompt);

    /// <summary>
    /// <see cref="AppendAsync(IReadOnlyList{JournalRecord})"/> with a say in how soon the store commits it: a write no
    /// reply waits on may be held briefly to share the next write's commit (<see cref="WriteUrgency.MayLinger"/>).
    /// </summary>
    protected async Task AppendAsync(IReadOnlyList<JournalRecord> records, WriteUrgency urgency)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (SnapshotDue(records))
        {
            await WriteStateAsync(records, urgency);
            return;
        }

        await WriteToStoreAsync(NewWrite(Activation, [], records, appendOnly: true, urgency));
        CountAppend(records);
    }

    /// <summary>
    /// <see cref="AppendAsync"/>, pipelined: queues the write in order and ends this turn at once, so the next
    /// turn (the next caller's enqueue) runs while this write commits, and consecutive writes share a commit.
    /// The returned task completes when the write is durable; reply only after awaiting it. Code after the await
    /// runs outside the turn: it must not touch the state (refused with InvalidOperationException) and may only
    /// return what it computed before the call. If the write is refused (stale version, duplicate record id,
    /// I/O), the await throws, this activation is dropped, and the writes queued after it by later turns fail
    /// too (their callers hear errors); the next activation re-reads what is durable. Outside a call turn
    /// (activation, timer ticks) it behaves exactly as <see cref="AppendAsync"/>.
    /// </summary>
    protected Task AppendPipelinedAsync(IReadOnlyList<JournalRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (SnapshotDue(records))
        {
            return WriteStatePipelinedAsync(records);
        }

        var written = WriteToStorePipelinedAsync(NewWrite(Activation, [], records, appendOnly: true));
        CountAppend(records);
        return written;
    }

    private bool SnapshotDue(IReadOnlyList<JournalRecord> records)
    {
        var activation = Activation;
        return activation.Runtime.Storage is not IJournaledGrainStorage
            || records.Count == 0
            || Version == 0
            || (_appendsSinceSnapshot + 1 >= activation.Runtime.Options.SnapshotEvery
                && (_lastSnapshotBytes <= LargeSnapshotBytes || _appendedBytesSinceSnapshot + RecordBytes(records) >= _lastSnapshotBytes));
    }

    private void CountAppend(IReadOnlyList<JournalRecord> records)
    {
        _appendsSinceSnapshot++;
        _appendedBytesSinceSnapshot += RecordBytes(records);
    }

    private static long RecordBytes(IReadOnlyList<JournalRecord> records)
    {
        // Indexed, twice per append: enumerating through the interface would box an enumerator each time.
        long bytes = 0;
        for (var i = 0; i < records.Count; i++)
        {
            bytes += records[i].Payload.Length;
        }

        return bytes;
    }

    private protected override void OnFullStateWritten(int payloadBytes)
    {
        _appendsSinceSnapshot = 0;
        _appendedBytesSinceSnapshot = 0;
        _lastSnapshotBytes = payloadBytes;
    }

    private protected override async Task ReadStoredStateAsync()
    {
        var activation = Activation;
        if (activation.Runtime.Storage is not IJournaledGrainStorage storage)
        {
            await base.ReadStoredStateAsync();
            OnFullStateWritten(0);
            return;
        }

        var stored = await storage.ReadStateWithTailAsync(activation.GrainId, CancellationToken.None);
        if (stored is null)
        {
            State = new TState();
            Version = 0;
            OnFullStateWritten(0);
            OnStateSynchronized();
            return;
        }

        var state = JsonSerializer.Deserialize<TState>(stored.Payload, activation.Runtime.Options.JsonSerializerOptions) ?? new TState();
        long tailBytes = 0;
        foreach (var record in stored.Tail)
        {
            ApplyJournalRecord(state, record);
            tailBytes += record.Payload.Length;
        }

        State = state;
        Version = stored.Version;
        _appendsSinceSnapshot = stored.Version - stored.SnapshotVersion;
        _appendedBytesSinceSnapshot = tailBytes;
        _lastSnapshotBytes = stored.Payload.Length;

        // As after any read: memory equals the store now, so published figures (queue gauges) may follow it.
        OnStateSynchronized();
    }
}
