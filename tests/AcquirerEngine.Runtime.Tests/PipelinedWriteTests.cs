using System.Text.Json;
using AcquirerEngine.Runtime.InMemory;
using AcquirerEngine.Runtime.Storage;
using AcquirerEngine.Runtime.Tests.TestGrains;
using AcquirerEngine.Runtime.Time;

namespace AcquirerEngine.Runtime.Tests;

/// <summary>Pipelined writes (JournaledGrain.AppendPipelinedAsync) over a store whose commits the test holds.</summary>
public sealed class PipelinedWriteTests
{
    private static readonly GrainId Id = new("journaled", "j1");

    [Fact]
    public async Task The_next_turn_queues_its_write_while_the_previous_caller_still_waits_for_durability()
    {
        await using var host = await PipelineHost.StartAsync();
        var grain = host.Grains.GetGrain<IJournaledListGrain>("j1");
        await Wait.Bounded(grain.Append(0, "r0"));
        host.Storage.Holding = true;

        var calls = Enumerable.Range(1, 5).Select(i => grain.AppendPipelined(i, "r" + i)).ToList();

        // All five turns ran (each queued its write) although none of the writes is durable yet.
        await Wait.UntilAsync(() => host.Storage.HeldCount == 5, "five pipelined writes queued");
        Assert.Equal([1L, 2, 3, 4, 5], host.Storage.HeldWrites.Select(w => w.ExpectedVersion));
        await Task.Delay(50);
        Assert.All(calls, c => Assert.False(c.IsCompleted, "a caller heard its reply before its write was durable"));

        await host.Storage.ReleaseAsync();
        var replies = await Wait.Bounded(Task.WhenAll(calls));
        Assert.Equal([2, 3, 4, 5, 6], replies);
        var stored = await host.Storage.Inner.ReadStateWithTailAsync(Id, CancellationToken.None);
        Assert.Equal(6, stored!.Version);
        Assert.Equal(["r1", "r2", "r3", "r4", "r5"], stored.Tail.Select(r => r.RecordId));
    }

    [Fact]
    public async Task A_refused_write_fails_its_caller_and_every_later_pipelined_one_and_the_next_activation_reads_only_what_is_durable()
    {
        await using var host = await PipelineHost.StartAsync();
        var grain = host.Grains.GetGrain<IJournaledListGrain>("j1");
        await Wait.Bounded(grain.Append(0, "r0"));

        // Another grain already holds the record id the second call will write: the store refuses that write.
        await Wait.Bounded(host.Grains.GetGrain<IJournaledListGrain>("other").Append(9, "taken"));
        host.Storage.Holding = true;
        var first = grain.AppendPipelined(1, "r1");
        var refused = grain.AppendPipelined(2, "taken");
        var third = grain.AppendPipelined(3, "r3");
        var fourth = grain.AppendPipelined(4, "r4");
        await Wait.UntilAsync(() => host.Storage.HeldCount == 4, "four pipelined writes queued");

        await host.Storage.ReleaseAsync();
        Assert.Equal(2, await Wait.Bounded(first));
        await Assert.ThrowsAsync<DuplicateJournalRecordException>(() => Wait.Bounded(refused));
        await Assert.ThrowsAsync<EarlierWriteRefusedException>(() => Wait.Bounded(third));
        await Assert.ThrowsAsync<EarlierWriteRefusedException>(() => Wait.Bounded(fourth));

        // The activation that took "taken", "r3" and "r4" into memory is gone; the next one reads the store.
        var state = await Wait.Bounded(grain.Get());
        Assert.Equal([0, 1], state.Entries);
        Assert.Equal(3, host.Probe.Activations); // j1 twice (the first dropped), "other" once
        Assert.Equal(3, await Wait.Bounded(grain.AppendPipelined(3, "r3")));
    }

    [Fact]
    public async Task A_reply_that_did_not_write_waits_for_the_writes_queued_before_its_turn_ended()
    {
        await using var host = await PipelineHost.StartAsync();
        var grain = host.Grains.GetGrain<IJournaledListGrain>("j1");
        await Wait.Bounded(grain.Append(0, "r0"));
        host.Storage.Holding = true;

        var write = grain.AppendPipelined(1, "r1");
        var read = grain.Get();
        var later = grain.AppendPipelined(2, "r2");

        // The second write is queued, so the read's turn (between them) has run: it saw entry 1, not yet durable.
        await Wait.UntilAsync(() => host.Storage.HeldCount == 2, "both pipelined writes queued");
        await Task.Delay(50);
        Assert.False(read.IsCompleted, "a read answered with state whose write was not durable yet");

        await host.Storage.ReleaseAsync();
        Assert.Equal([0, 1], (await Wait.Bounded(read)).Entries.Take(2));
        Assert.Equal(2, await Wait.Bounded(write));
        Assert.Equal(3, await Wait.Bounded(later));
    }

    [Fact]
    public async Task A_read_after_a_refused_write_hears_the_refusal_instead_of_the_state_that_was_never_stored()
    {
        await using var host = await PipelineHost.StartAsync();
        var grain = host.Grains.GetGrain<IJournaledListGrain>("j1");
        await Wait.Bounded(grain.Append(0, "r0"));
        await Wait.Bounded(host.Grains.GetGrain<IJournaledListGrain>("other").Append(9, "taken"));
        host.Storage.Holding = true;

        var refused = grain.AppendPipelined(1, "taken");
        var read = grain.Get();
        var later = grain.AppendPipelined(2, "r2");
        await Wait.UntilAsync(() => host.Storage.HeldCount == 2, "both pipelined writes queued");

        await host.Storage.ReleaseAsync();
        await Assert.ThrowsAsync<DuplicateJournalRecordException>(() => Wait.Bounded(refused));
        await Assert.ThrowsAsync<DuplicateJournalRecordException>(() => Wait.Bounded(read));
        await Assert.ThrowsAsync<EarlierWriteRefusedException>(() => Wait.Bounded(later));
        Assert.Equal([0], (await Wait.Bounded(grain.Get())).Entries);
    }

    [Fact]
    public async Task Code_after_the_pipelined_await_may_not_touch_the_state()
    {
        await using var host = await PipelineHost.StartAsync();
        var grain = host.Grains.GetGrain<IJournaledListGrain>("j1");
        await Wait.Bounded(grain.Append(0, "r0"));

        var misuse = await Assert.ThrowsAsync<InvalidOperationException>(() => Wait.Bounded(grain.AppendPipelinedThenReadState(1, "r1")));
        Assert.Contains("pipelined write ended its turn", misuse.Message, StringComparison.Ordinal);

        // The write itself was durable before the grain's code went wrong.
        Assert.Equal([0, 1], (await Wait.Bounded(grain.Get())).Entries);
    }

    [Fact]
    public async Task Once_the_pipeline_is_durable_the_grain_hears_its_state_is_synchronized_inside_a_turn()
    {
        await using var host = await PipelineHost.StartAsync();
        var grain = host.Grains.GetGrain<IJournaledListGrain>("j1");
        await Wait.Bounded(grain.Append(0, "r0"));
        host.Storage.Holding = true;
        var calls = Enumerable.Range(1, 3).Select(i => grain.AppendPipelined(i, "r" + i)).ToList();
        await Wait.UntilAsync(() => host.Storage.HeldCount == 3, "three pipelined writes queued");
        Assert.DoesNotContain("synchronized 4", host.Probe.Events);

        await host.Storage.ReleaseAsync();
        await Wait.Bounded(Task.WhenAll(calls));
        await Wait.UntilAsync(() => host.Probe.Events.Contains("synchronized 4"), "figures published for the durable state");
    }

    [Fact]
    public async Task A_large_state_is_snapshotted_by_bytes_appended_not_every_SnapshotEvery_writes_and_replays_the_same()
    {
        await using var first = await TestHost.StartAsync(o => o.SnapshotEvery = 4);
        var grain = first.Grains.GetGrain<IJournaledListGrain>("j1");

        // The record id is kept in the state, so the first snapshot is larger than LargeSnapshotBytes.
        await Wait.Bounded(grain.Append(0, new string('x', JournaledGrain<JournaledListState>.LargeSnapshotBytes + 1)));
        for (var i = 1; i <= 20; i++)
        {
            await Wait.Bounded(grain.AppendPipelined(i, "r" + i));
        }

        // 20 appends of 4 bytes each are far below the ~64 KiB snapshot: no rewrite, where a small state would have had five.
        var stored = await first.Storage.ReadStateWithTailAsync(Id, CancellationToken.None);
        Assert.Equal(21, stored!.Version);
        Assert.Equal(1, stored.SnapshotVersion);
        Assert.Equal(20, stored.Tail.Count);

        var written = JsonSerializer.Serialize(await Wait.Bounded(grain.Get()));
        await using var second = await TestHost.StartAsync(o => o.SnapshotEvery = 4, over: first);
        Assert.Equal(written, JsonSerializer.Serialize(await Wait.Bounded(second.Grains.GetGrain<IJournaledListGrain>("j1").Get())));
    }

    /// <summary>A runtime over <see cref="HoldingGrainStorage"/>.</summary>
    private sealed class PipelineHost : IAsyncDisposable
    {
        private PipelineHost(HoldingGrainStorage storage, GrainProbe probe, GrainRuntime runtime)
        {
            Storage = storage;
            Probe = probe;
            Runtime = runtime;
        }

        public HoldingGrainStorage Storage { get; }

        public GrainProbe Probe { get; }

        public GrainRuntime Runtime { get; }

        public IGrainFactory Grains => Runtime.GrainFactory;

        public static async Task<PipelineHost> StartAsync()
        {
            var clock = new SimulatedTimeProvider(TestHost.Start) { QuiescenceTimeout = TimeSpan.FromSeconds(60) };
            var storage = new HoldingGrainStorage(new InMemoryGrainStorage(clock));
            var probe = new GrainProbe();
            var runtime = new GrainRuntimeBuilder()
                .UseStorage(storage)
                .UseReminderTable(new InMemoryReminderTable())
                .UseTimeProvider(clock)
                .AddGrain<IJournaledListGrain, JournaledListGrain>("journaled", () => new JournaledListGrain(probe))
                .Build();
            await runtime.StartAsync(CancellationToken.None);
            return new PipelineHost(storage, probe, runtime);
        }

        /// <summary>Releases what is still held first: a test that failed while holding would otherwise hang in the shutdown.</summary>
        public async ValueTask DisposeAsync()
        {
            await Storage.ReleaseAsync();
            await Runtime.DisposeAsync();
        }
    }
}
