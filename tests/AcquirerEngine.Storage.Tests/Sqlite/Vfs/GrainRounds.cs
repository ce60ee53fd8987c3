using System.Security.Cryptography;
using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Storage;
using AcquirerEngine.Storage.Sqlite;

namespace AcquirerEngine.Storage.Tests.Sqlite.Vfs;

/// <summary>
/// The WAL tests' load: rounds of writes to many grains queued together, so they share commits of dozens of pages, and
/// the check that a store holds what was written.
/// </summary>
internal static class GrainRounds
{
    public const int Grains = 40;

    /// <summary>
    /// Queues each grain's random state of <paramref name="payloadBytes"/> for <paramref name="round"/> with one journal
    /// record, expecting the version the round before left (round 0: new grains), and notes it in <paramref name="written"/>.
    /// </summary>
    public static Task<long>[] Queue(SqliteStore store, string grainType, int round, int payloadBytes, Dictionary<GrainId, byte[]> written)
    {
        var writes = new Task<long>[Grains];
        for (var i = 0; i < Grains; i++)
        {
            var grain = new GrainId(grainType, $"grain-{i}");
            var payload = RandomNumberGenerator.GetBytes(payloadBytes);
            var record = new JournalRecord($"{grainType}:{i}:{round}", "Written", [(byte)round]);
            writes[i] = store.WriteAsync(new GrainStateWrite(grain, round, payload, [record]), CancellationToken.None);
            written[grain] = payload;
        }

        return writes;
    }

    /// <summary><see cref="Queue"/>, waiting until every write committed.</summary>
    public static Task WriteAsync(SqliteStore store, string grainType, int round, int payloadBytes, Dictionary<GrainId, byte[]> written) =>
        Task.WhenAll(Queue(store, grainType, round, payloadBytes, written));

    /// <summary>Every grain of <paramref name="written"/> reads back its bytes (at <paramref name="version"/>, when given).</summary>
    public static async Task AssertHoldsAsync(SqliteStore store, Dictionary<GrainId, byte[]> written, long? version = null)
    {
        foreach (var (grain, payload) in written)
        {
            var state = await store.ReadAsync(grain, CancellationToken.None);
            Assert.NotNull(state);
            if (version is { } expected)
            {
                Assert.Equal(expected, state.Version);
            }

            Assert.True(payload.AsSpan().SequenceEqual(state.Payload), $"{grain} read back different bytes");
        }
    }
}
