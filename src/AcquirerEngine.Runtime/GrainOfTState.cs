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

    protected TState State
    {
        get => _state;
        set => _state = value ?? throw new ArgumentNullException(nameof(value));
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
    protected async Task WriteStateAsync(IReadOnlyList<JournalRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var activation = Activation;
        var payload = JsonSerializer.SerializeToUtf8Bytes(_state, activation.Runtime.Options.JsonSerializerOptions);
        await WriteToStoreAsync(new GrainStateWrite(activation.GrainId, _version, payload, records));
        OnFullStateWritten();
    }

    /// <summary>Called after a write that stored the full state (a snapshot) succeeded.</summary>
    private protected virtual void OnFullStateWritten()
    {
    }

    /// <summary>Sends one versioned write; on any failure this activation stops being trusted.</summary>
    private protected async Task WriteToStoreAsync(GrainStateWrite write)
    {
        var activation = Activation;
        try
        {
            // In a cluster every write carries the shard epoch this node holds: a former owner is refused by the store.
            if (activation.Runtime.FenceFor(write.GrainId) is { } fence)
            {
                write = write with { Fence = fence };
            }

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
