using System.Text.Json;
using System.Text.Json.Nodes;
using AcquirerEngine.Grains.Tests.Terminals;
using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.InMemory;
using AcquirerEngine.Runtime.Storage;
using AcquirerEngine.Storage.Sqlite;
using AcquirerEngine.Testing;

namespace AcquirerEngine.Grains.Tests;

/// <summary>
/// Shared by the journaled-grain replay tests: a store that takes appends ("memory" or "sqlite"), the full
/// state a store holds rebuilt from its snapshot and tail, and a canonical JSON form for comparing states.
/// </summary>
internal static class JournalReplayKit
{
    public static async Task<JournaledTestStore> OpenStoreAsync(string backend, TimeProvider clock)
    {
        if (backend == "memory")
        {
            var memory = new InMemoryGrainStorage(clock);
            return new JournaledTestStore(memory, new NothingToDispose(), null);
        }

        var directory = new TemporaryDirectory();
        var sqlite = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = directory.Path, TimeProvider = clock }, CancellationToken.None);
        return new JournaledTestStore(sqlite, sqlite, directory);
    }

    /// <summary>The state as the store rebuilds it: last snapshot plus the replayed tail, and how long the tail was.</summary>
    public static async Task<(TState State, int TailCount)> RebuildAsync<TState>(
        IJournaledGrainStorage storage, GrainId grainId, Action<TState, StoredJournalRecord> apply)
        where TState : class, new()
    {
        var stored = await storage.ReadStateWithTailAsync(grainId, CancellationToken.None);
        Assert.NotNull(stored);
        var state = JsonSerializer.Deserialize<TState>(stored.Payload) ?? new TState();
        foreach (var record in stored.Tail)
        {
            apply(state, record);
        }

        return (state, stored.Tail.Count);
    }

    /// <summary>The state the reference store (full state on every write) holds.</summary>
    public static async Task<TState> ReadFullAsync<TState>(IGrainStorage storage, GrainId grainId)
        where TState : class, new()
    {
        var stored = await storage.ReadAsync(grainId, CancellationToken.None);
        Assert.NotNull(stored);
        return JsonSerializer.Deserialize<TState>(stored.Payload) ?? new TState();
    }

    /// <summary>
    /// What the live merchant answers (its ledger, payouts with their tracking's explanation, balance) as JSON: a
    /// merchant activated again from the store must answer the same.
    /// </summary>
    public static async Task<(string Ledger, string Payouts, string Balance)> MerchantViewsAsync(GrainTestHost host, string merchantId)
    {
        var merchant = host.Merchant(merchantId);
        return (
            JsonSerializer.Serialize(await merchant.GetLedgerAsync()),
            JsonSerializer.Serialize(await merchant.ListPayoutsAsync()),
            JsonSerializer.Serialize(await merchant.GetBalanceAsync()));
    }

    /// <summary>JSON with object members sorted: dictionaries compare by content, not by the slot order removals leave.</summary>
    public static string Canonical<TState>(TState state) => Sorted(JsonSerializer.SerializeToNode(state))?.ToJsonString() ?? "null";

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Sorted)]),
        null => null,
        _ => node.DeepClone(),
    };

    private sealed class NothingToDispose : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
