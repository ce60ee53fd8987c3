using System.Text.Json;
using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Runtime;

/// <summary>
/// A grain with persisted state. State and the journal records it produced are written atomically and
/// versioned: the runtime remembers the version it read, and a write naming a stale version is refused
/// (<see cref="InconsistentStateException"/>), which also deactivates this activation.
/// </summary>
public abstract class Grain<TState> : Grain
    where TState : class, new()
{
    private TState _state = new();
    private long _version;
    private WritePipeline? _pipeline;

    // Set once this grain has ended a turn early by a pipelined write: only then can code run outside its turn, so
    // grains that never pipeline (the sale path's terminals and merchants) skip the async-local check on each State access.
    private bool _hasReleasedTurns;

    /// <summary>
    /// The grain's state. Refused (<see cref="InvalidOperationException"/>) to code that runs after its turn was
    /// released by a pipelined write: the next turn owns the state by then.
    /// </summary>
    protected TState State
    {
        get
        {
            ThrowIfTurnReleased();
            return _state;
        }

        set
        {
            ThrowIfTurnReleased();
            _state = value ?? throw new ArgumentNullException(nameof(value));
        }
    }

    /// <summary>The version the store holds for this grain as far as this activation knows (0: nothing stored).</summary>
    private protected long Version
    {
        get => _version;
        set => _version = value;
    }

    /// <summary>Re-reads the state from storage (done automatically before OnActivateAsync).</summary>
    protected Task ReadStateAsync() => ReadStoredStateAsync();

    /// <summary>Loads <see cref="State"/> and the version from the store; journaled grains also replay their tail.</summary>
    private protected virtual async Task ReadStoredStateAsync()
    {
        var activation = Activation;
        var stored = await activation.Runtime.Storage.ReadAsync(activation.GrainId, CancellationToken.None);
        if (stored is null)
        {
            _state = new TState();
            _version = 0;
        }
        else
        {
            _state = JsonSerializer.Deserialize<TState>(stored.Payload, activation.Runtime.Options.JsonSerializerOptions) ?? new TState();
            _version = stored.Version;
        }

        OnStateSynchronized();
    }

    protected Task WriteStateAsync() => WriteStateAsync([]);

    /// <summary>Writes <see cref="State"/> and <paramref name="records"/> in one atomic, versioned store write.</summary>
    protected Task WriteStateAsync(IReadOnlyList<JournalRecord> records) => WriteStateAsync(records, WriteUrgency.Prompt);

    /// <summary>
    /// <see cref="WriteStateAsync(IReadOnlyList{JournalRecord})"/> with a say in how soon the store commits it: a write
    /// no reply waits on may be held briefly to share the next write's commit (<see cref="WriteUrgency.MayLinger"/>).
    /// </summary>
    protected async Task WriteStateAsync(IReadOnlyList<JournalRecord> records, WriteUrgency urgency)
    {
        ArgumentNullException.ThrowIfNull(records);
        var activation = Activation;
        var payload = JsonSerializer.SerializeToUtf8Bytes(_state, activation.Runtime.Options.JsonSerializerOptions);
        await WriteToStoreAsync(NewWrite(activation, payload, records, appendOnly: false, urgency));
        OnFullStateWritten(payload.Length);
        OnStateStored();
    }

    /// <summary>Called after a write that stored the full state (a snapshot) succeeded (pipelined: was queued).</summary>
    private protected virtual void OnFullStateWritten(int payloadBytes)
    {
    }

    /// <summary>
    /// Called after a write that stored the full <see cref="State"/> succeeded (pipelined: was queued), whoever asked
    /// for it (the grain, or a journaled grain's snapshot policy): a grain that keeps some changes in memory until
    /// its next write learns here that the store holds them.
    /// </summary>
    protected virtual void OnStateStored()
    {
    }

    /// <summary>
    /// Pipelined: serializes <see cref="State"/>, queues it with <paramref name="records"/> as one versioned write
    /// and ends this turn; the returned task completes once the write is durable (or faults with its refusal).
    /// Code after the await runs outside the turn and must not touch <see cref="State"/> (refused), only return
    /// what it computed before. See <see cref="WriteToStorePipelinedAsync"/>.
    /// </summary>
    protected Task WriteStatePipelinedAsync(IReadOnlyList<JournalRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        ThrowIfTurnReleased();
        var activation = Activation;
        var payload = JsonSerializer.SerializeToUtf8Bytes(_state, activation.Runtime.Options.JsonSerializerOptions);
        var written = WriteToStorePipelinedAsync(NewWrite(activation, payload, records, appendOnly: false));
        OnFullStateWritten(payload.Length);
        OnStateStored();
        return written;
    }

    /// <summary>
    /// Queues <paramref name="write"/> (naming the version this activation predicts) and ends the current call turn:
    /// the next turn may run and queue the next write while this one commits; the store applies them in order. The
    /// task completes when the write is durable. If it is refused or fails, this activation is untrusted (the next
    /// one re-reads what is durable), every later write it queued is refused by the store (its
    /// <see cref="WritePipeline"/>), and every caller still waiting hears an error, never a success. Outside a
    /// call turn (activation, timer ticks) there is no turn to end: the write is awaited as usual.
    /// </summary>
    private protected Task WriteToStorePipelinedAsync(GrainStateWrite write)
    {
        var activation = Activation;
        var turn = GrainTurn.Current;
        if (turn is null || !ReferenceEquals(turn.Activation, activation))
        {
            return WriteToStoreAsync(write);
        }

        Task<long> stored;
        try
        {
            stored = activation.Runtime.Storage.WriteAsync(write, CancellationToken.None);
        }
        catch (Exception ex)
        {
            activation.MarkUntrusted(ex);
            throw;
        }

        // Predicted: the store applies this activation's writes in order, so this is the version it will hold.
        var predicted = write.ExpectedVersion + 1;
        _version = predicted;
        var durable = AwaitPipelinedAsync(activation, write.GrainId, stored, predicted);
        activation.PipelineWriteQueued(durable);
        _hasReleasedTurns = true;
        turn.Release();
        return durable;
    }

    /// <summary>Sends one versioned write; on any failure this activation stops being trusted.</summary>
    private protected async Task WriteToStoreAsync(GrainStateWrite write)
    {
        var activation = Activation;
        try
        {
            _version = await activation.Runtime.Storage.WriteAsync(write, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Whatever failed (a stale version, a duplicate record, I/O, a timeout after the commit),
            // memory may now differ from the store: this activation is dropped and the next call
            // re-reads what is really durable. The caller sees the failure and was told nothing.
            activation.MarkUntrusted(ex);
            throw;
        }

        OnStateSynchronized();
    }

    private static async Task AwaitPipelinedAsync(GrainActivation activation, GrainId grainId, Task<long> stored, long predicted)
    {
        long version;
        try
        {
            version = await stored.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            activation.MarkUntrusted(ex);
            throw;
        }

        if (version != predicted)
        {
            var mismatch = new InconsistentStateException(grainId, predicted - 1, version);
            activation.MarkUntrusted(mismatch);
            throw mismatch;
        }
    }

    /// <summary>
    /// A write naming the version this activation holds, with the shard epoch (cluster) and this activation's
    /// pipeline: built whole here, once per write (it used to be built and then copied to add them, every write).
    /// Writes reach <see cref="WriteToStoreAsync"/> and <see cref="WriteToStorePipelinedAsync"/> only this way.
    /// </summary>
    private protected GrainStateWrite NewWrite(
        GrainActivation activation, byte[] payload, IReadOnlyList<JournalRecord> records, bool appendOnly, WriteUrgency urgency = WriteUrgency.Prompt)
    {
        ThrowIfTurnReleased();
        _pipeline ??= new WritePipeline();

        // In a cluster every write carries the shard epoch this node holds: a former owner is refused by the store.
        return new GrainStateWrite(activation.GrainId, _version, payload, records)
        {
            AppendOnly = appendOnly,
            Fence = activation.Runtime.FenceFor(activation.GrainId),
            Pipeline = _pipeline,
            Urgency = urgency,
        };
    }

    private void ThrowIfTurnReleased()
    {
        if (_hasReleasedTurns && AttachedActivation is { } activation && GrainTurn.IsOutsideReleasedTurn(activation))
        {
            throw new InvalidOperationException(
                $"{GetType().Name} touched its state after a pipelined write ended its turn: code after that await runs beside the next turn and may only return what it computed before.");
        }
    }

    internal override void OnPipelineSettled() => OnStateSynchronized();

    /// <summary>Removes the stored state (not the journal) and resets <see cref="State"/> to a new instance.</summary>
    protected async Task ClearStateAsync()
    {
        var activation = Activation;
        try
        {
            await activation.Runtime.Storage.ClearAsync(activation.GrainId, _version, CancellationToken.None);
        }
        catch (InconsistentStateException ex)
        {
            activation.MarkUntrusted(ex);
            throw;
        }

        // A cleared grain reads as never written, so the next write names version 0 (IGrainStorage contract).
        _state = new TState();
        _version = 0;
        OnStateSynchronized();
    }

    /// <summary>
    /// Called after <see cref="State"/> was read, written or cleared: memory now equals the store. A grain that
    /// publishes figures about its state (queue depths for metrics) does it here, so only durable facts are shown.
    /// Runs inside the turn; must be quick and must not throw.
    /// </summary>
    protected virtual void OnStateSynchronized()
    {
    }

    internal override Task LoadStateAsync(CancellationToken cancellationToken) => ReadStoredStateAsync();
}
