using System.Text;
using AcquirerEngine.Cluster.Membership;
using AcquirerEngine.Cluster.Placement;
using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Storage;
using AcquirerEngine.Storage.Postgres;

namespace AcquirerEngine.Cluster.Tests.Fencing;

/// <summary>
/// The store, not the nodes' good behaviour, keeps a former owner out: a write carrying an epoch the shard has moved
/// past is refused by PostgreSQL, alone or inside a group-commit batch, and leaves nothing behind.
/// </summary>
public sealed class FencedWriteTests(ClusterDatabase database) : IClassFixture<ClusterDatabase>
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    public async Task A_write_at_a_superseded_epoch_is_refused_and_the_new_owners_write_lands(int maxWriteBatch)
    {
        await using var store = await OpenStoreAsync(maxWriteBatch);
        var shard = maxWriteBatch == 1 ? 8 : 9;
        var (formerEpoch, currentEpoch) = await MoveShardAsync(shard);
        var grain = new GrainId("tally", $"fenced-{maxWriteBatch}");
        var first = await store.WriteAsync(Write(grain, 0, "v1") with { Fence = new WriteFence(shard, formerEpoch) }, CancellationToken.None)
            .ContinueWith(t => t.Exception?.InnerException, TaskScheduler.Default);

        Assert.IsType<FencedWriteException>(first);
        Assert.Null(await store.ReadAsync(grain, CancellationToken.None));

        var version = await store.WriteAsync(Write(grain, 0, "v1") with { Fence = new WriteFence(shard, currentEpoch) }, CancellationToken.None);
        Assert.Equal(1, version);
    }

    [Fact]
    public async Task Inside_one_batch_only_the_former_owners_writes_are_refused()
    {
        await using var store = await OpenStoreAsync(maxWriteBatch: 256);
        var (formerEpoch, currentEpoch) = await MoveShardAsync(10);

        var writes = Enumerable.Range(0, 40).Select(i => store.WriteAsync(
            Write(new GrainId("tally", $"batch-{i}"), 0, $"v{i}") with { Fence = new WriteFence(10, i % 2 == 0 ? currentEpoch : formerEpoch) },
            CancellationToken.None)).ToList();
        await Task.WhenAll(writes.Select(w => w.ContinueWith(_ => { }, TaskScheduler.Default)));

        for (var i = 0; i < writes.Count; i++)
        {
            var stored = await store.ReadAsync(new GrainId("tally", $"batch-{i}"), CancellationToken.None);
            if (i % 2 == 0)
            {
                Assert.Equal(1, await writes[i]);
                Assert.Equal($"v{i}", Encoding.UTF8.GetString(stored!.Payload));
            }
            else
            {
                Assert.IsType<FencedWriteException>(writes[i].Exception?.InnerException);
                Assert.Null(stored);
            }
        }
    }

    [Fact]
    public async Task A_shard_nobody_holds_at_that_epoch_refuses_the_write_naming_the_current_epoch()
    {
        await using var store = await OpenStoreAsync(maxWriteBatch: 1);
        var (_, currentEpoch) = await MoveShardAsync(11);

        var error = await Assert.ThrowsAsync<FencedWriteException>(() => store.WriteAsync(
            Write(new GrainId("tally", "no-lease"), 0, "v") with { Fence = new WriteFence(11, -1) }, CancellationToken.None));

        Assert.Equal(currentEpoch, error.CurrentEpoch);
    }

    [Fact]
    public async Task A_reminder_write_at_a_superseded_epoch_is_refused_and_the_owners_lands()
    {
        await using var store = await OpenStoreAsync(maxWriteBatch: 1);
        var (formerEpoch, currentEpoch) = await MoveShardAsync(12);
        var grain = new GrainId("merchant", "fenced-reminder");
        var start = new DateTimeOffset(2026, 11, 22, 16, 30, 0, TimeSpan.Zero);
        var entry = new ReminderEntry(grain, "settlement", start, TimeSpan.FromDays(1), start);

        await store.UpsertAsync(entry with { Fence = new WriteFence(12, currentEpoch) }, CancellationToken.None);
        var error = await Assert.ThrowsAsync<FencedWriteException>(() => store.UpsertAsync(
            entry with { NextDue = start.AddDays(-1), Fence = new WriteFence(12, formerEpoch) }, CancellationToken.None));

        Assert.Equal(currentEpoch, error.CurrentEpoch);
        Assert.Equal(start, (await store.ReadAsync(grain, "settlement", CancellationToken.None))!.NextDue);
    }

    [Fact]
    public async Task In_one_reminder_batch_only_the_former_owners_entries_are_refused()
    {
        await using var store = await OpenStoreAsync(maxWriteBatch: 1);
        var (formerEpoch, currentEpoch) = await MoveShardAsync(13);
        var start = new DateTimeOffset(2026, 11, 22, 16, 30, 0, TimeSpan.Zero);
        var entries = Enumerable.Range(0, 6)
            .Select(i => new ReminderEntry(new GrainId("merchant", $"batch-reminder-{i}"), "settlement", start, TimeSpan.FromDays(1), start.AddDays(i))
            {
                // Odd ones carry the former owner's epoch; the last one names no fence at all (single-node caller).
                Fence = i == 5 ? null : new WriteFence(13, i % 2 == 0 ? currentEpoch : formerEpoch),
            })
            .ToList();

        var refusals = await store.UpsertManyAsync(entries, CancellationToken.None);

        Assert.Equal(entries.Count, refusals.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var stored = await store.ReadAsync(entries[i].GrainId, "settlement", CancellationToken.None);
            if (i % 2 == 1 && i != 5)
            {
                Assert.Equal(currentEpoch, refusals[i]!.CurrentEpoch);
                Assert.Equal(entries[i].GrainId, refusals[i]!.GrainId);
                Assert.Null(stored);
            }
            else
            {
                Assert.Null(refusals[i]);
                Assert.Equal(start.AddDays(i), stored!.NextDue);
            }
        }
    }

    private static GrainStateWrite Write(GrainId grain, long expected, string payload) =>
        new(grain, expected, Encoding.UTF8.GetBytes(payload), []);

    private Task<PostgresStore> OpenStoreAsync(int maxWriteBatch) => PostgresStore.OpenAsync(
        new PostgresStoreOptions { ConnectionString = database.ConnectionString, MaxWriteBatch = maxWriteBatch }, CancellationToken.None);

    /// <summary>One member takes the shard, its lease runs out, another takes it over: returns both epochs.</summary>
    private async Task<(long Former, long Current)> MoveShardAsync(int shard)
    {
        var members = new PostgresMembershipTable(database.DataSource);
        var leases = new PostgresShardLeaseTable(database.DataSource);
        var former = await members.RegisterAsync($"former-{shard}", "127.0.0.1:1", CancellationToken.None);
        var successor = await members.RegisterAsync($"successor-{shard}", "127.0.0.1:2", CancellationToken.None);
        var first = await leases.TryAcquireAsync(shard, former.Incarnation, Lease, CancellationToken.None);
        await database.ExpireLeaseAsync(shard);
        var second = await leases.TryAcquireAsync(shard, successor.Incarnation, Lease, CancellationToken.None);
        return (first!.Value.Epoch, second!.Value.Epoch);
    }
}
