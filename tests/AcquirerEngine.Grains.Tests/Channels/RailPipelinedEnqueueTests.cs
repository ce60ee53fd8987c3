using AcquirerEngine.Domain.Channels;
using AcquirerEngine.Grains.Channels;
using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Grains.Tests.Channels;

/// <summary>
/// A night of merchants enqueueing at once on a closed rail: the enqueues are pipelined writes (each turn ends once
/// its record is queued), and a queue larger than JournaledGrain.LargeSnapshotBytes is not rewritten every
/// SnapshotEvery enqueues. What is durable must still be exactly the queue the callers were told about, in order.
/// </summary>
public sealed class RailPipelinedEnqueueTests
{
    private static readonly GrainId HvpsId = new(BankChannelGrain.GrainTypeName, "Hvps");

    // Thursday of golden week: HVPS is closed until the evening before the first working day.
    private static readonly DateTime Holiday = new(2026, 10, 3, 0, 30, 0);

    [Fact]
    public async Task Concurrent_enqueues_on_a_closed_rail_are_all_durable_in_the_order_of_their_positions_and_a_restart_reads_the_same_queue()
    {
        const int payouts = 400;
        var settings = new RailTestSettings { JournaledSnapshotEvery = 4 };
        var host = await RailTestHost.StartAsync(Holiday, settings);
        try
        {
            var hvps = host.Rail(ChannelKind.Hvps);
            var results = await Task.WhenAll(Enumerable.Range(0, payouts)
                .Select(i => hvps.EnqueueAsync(RailTestHost.Payout($"P{i:D4}", ChannelKind.Hvps, 6_000_000 + i, merchant: $"M{i:D4}"))));

            Assert.All(results, r => Assert.Equal(EnqueueOutcome.Queued, r.Outcome));
            Assert.Equal(Enumerable.Range(1, payouts), results.Select(r => r.Position!.Value).Order());
            var byPosition = results.Select((r, i) => (r.Position!.Value, Id: $"P{i:D4}")).OrderBy(p => p.Value).Select(p => p.Id).ToList();

            // Past ~64 KiB of queue the rail snapshots by bytes appended: the tail outgrows SnapshotEvery (4).
            var stored = await host.Storage.ReadStateWithTailAsync(HvpsId, CancellationToken.None);
            Assert.Equal(payouts, stored!.Version);
            Assert.True(stored.Tail.Count > 4, $"tail of {stored.Tail.Count} records: the large queue was still rewritten every 4 enqueues");
            Assert.True(stored.Payload.Length > JournaledGrain<BankChannelState>.LargeSnapshotBytes, $"snapshot of {stored.Payload.Length} bytes");

            // The queue as durable, rebuilt from snapshot and tail by a new process, is the order the callers were told.
            host = await host.RestartAsync();
            Assert.Equal(byPosition, await host.Rail(ChannelKind.Hvps).ListQueueAsync(payouts));
            Assert.Equal(payouts, (await host.Rail(ChannelKind.Hvps).GetStatusAsync()).QueueDepth);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_duplicate_payout_refused_by_the_journal_fails_only_the_enqueues_queued_behind_it_and_the_rail_reads_what_is_durable()
    {
        var settings = new RailTestSettings { JournaledSnapshotEvery = 64 };
        await using var host = await RailTestHost.StartAsync(Holiday, settings);
        var hvps = host.Rail(ChannelKind.Hvps);
        Assert.Equal(EnqueueOutcome.Queued, (await hvps.EnqueueAsync(RailTestHost.Payout("P-first", ChannelKind.Hvps, 6_000_000))).Outcome);

        // Another rail already journaled this payout id: HVPS's memory does not know it, the journal refuses it.
        var ibps = host.Rail(ChannelKind.Ibps);
        Assert.Equal(EnqueueOutcome.Queued, (await ibps.EnqueueAsync(RailTestHost.Payout("P-taken", ChannelKind.Ibps))).Outcome);
        var taken = hvps.EnqueueAsync(RailTestHost.Payout("P-taken", ChannelKind.Hvps, 6_000_000));
        var after = Enumerable.Range(0, 5).Select(i => hvps.EnqueueAsync(RailTestHost.Payout($"P-after{i}", ChannelKind.Hvps, 6_000_000))).ToList();

        Assert.Equal(EnqueueOutcome.AlreadyFinished, (await taken).Outcome);
        var told = new List<(string Id, int Position)>();
        for (var i = 0; i < after.Count; i++)
        {
            try
            {
                var result = await after[i];
                Assert.Equal(EnqueueOutcome.Queued, result.Outcome);
                told.Add(($"P-after{i}", result.Position!.Value));
            }
            catch (EarlierWriteRefusedException)
            {
                // Queued behind the refused write by the dropped activation: the caller hears an error, retries later.
            }
        }

        // Whatever each caller heard, the durable queue holds exactly the payouts reported queued, at their positions.
        var queued = await hvps.ListQueueAsync(100);
        Assert.Equal(["P-first", .. told.OrderBy(t => t.Position).Select(t => t.Id)], queued);
        Assert.All(told, t => Assert.Equal(t.Id, queued[t.Position - 1]));
        Assert.DoesNotContain("P-taken", queued);
    }
}
