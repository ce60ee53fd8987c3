using System.Text.Json;
using AcquirerEngine.Runtime.Storage;
using AcquirerEngine.Runtime.Tests.TestGrains;

namespace AcquirerEngine.Runtime.Tests;

public sealed class GrainStateTests
{
    private static readonly GrainId Id = new("counter", "s1");

    [Fact]
    public async Task State_is_persisted_and_reread_by_the_next_activation()
    {
        await using var host = await TestHost.StartAsync();
        var grain = host.Grains.GetGrain<ICounterGrain>("s1");
        await Wait.Bounded(grain.Add(3));
        await Wait.Bounded(grain.Add(4));
        await Wait.Bounded(grain.Deactivate());
        await Wait.Bounded(host.Runtime.WaitForQuiescenceAsync(CancellationToken.None));
        Assert.Equal(0, host.Runtime.ActiveActivationCount);
        Assert.Equal([(Id, DeactivationReasonCode.ApplicationRequested)], host.Probe.Deactivations);

        Assert.Equal(7, await Wait.Bounded(grain.Get()));
        Assert.Equal(2, host.Probe.Activations);
        var stored = await host.Storage.ReadAsync(Id, CancellationToken.None);
        Assert.Equal(2, stored!.Version);
    }

    [Fact]
    public async Task State_and_journal_are_written_together_and_a_duplicate_record_writes_nothing()
    {
        await using var host = await TestHost.StartAsync();
        var grain = host.Grains.GetGrain<ICounterGrain>("s1");
        await Wait.Bounded(grain.AddWithRecord(10, "rec-1"));

        await Assert.ThrowsAsync<DuplicateJournalRecordException>(() => Wait.Bounded(grain.AddWithRecord(5, "rec-1")));

        var stored = await host.Storage.ReadAsync(Id, CancellationToken.None);
        Assert.Equal(1, stored!.Version);
        Assert.Equal(10, JsonSerializer.Deserialize<CounterState>(stored.Payload)!.Value);
        var journal = new List<StoredJournalRecord>();
        await foreach (var r in host.Storage.ReadGrainJournalAsync(Id, CancellationToken.None))
        {
            journal.Add(r);
        }

        Assert.Equal(["rec-1"], journal.Select(r => r.RecordId));
    }

    [Fact]
    public async Task A_stale_write_surfaces_InconsistentStateException_and_the_next_call_gets_a_fresh_activation()
    {
        await using var host = await TestHost.StartAsync();
        var grain = host.Grains.GetGrain<ICounterGrain>("s1");
        Assert.Equal(1, await Wait.Bounded(grain.Add(1)));

        // A second writer (e.g. a stale owner elsewhere) moves the stored version on.
        await host.Storage.WriteAsync(new GrainStateWrite(Id, 1, JsonSerializer.SerializeToUtf8Bytes(new CounterState { Value = 100 }), []), CancellationToken.None);

        var ex = await Assert.ThrowsAsync<InconsistentStateException>(() => Wait.Bounded(grain.Add(1)));
        Assert.Equal(1, ex.ExpectedVersion);
        Assert.Equal(2, ex.StoredVersion);
        await Wait.Bounded(host.Runtime.WaitForQuiescenceAsync(CancellationToken.None));
        Assert.Equal([(Id, DeactivationReasonCode.ApplicationError)], host.Probe.Deactivations);

        // The fresh activation sees the other writer's state and can write on top of it.
        Assert.Equal(100, await Wait.Bounded(grain.Get()));
        Assert.Equal(101, await Wait.Bounded(grain.Add(1)));
        Assert.Equal(2, host.Probe.Activations);
    }

    [Fact]
    public async Task Calls_queued_behind_a_stale_write_run_on_the_fresh_activation_not_on_stale_memory()
    {
        await using var host = await TestHost.StartAsync();
        var grain = host.Grains.GetGrain<ICounterGrain>("s1");
        Assert.Equal(1, await Wait.Bounded(grain.Add(1)));
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var failing = grain.AddAfter(gate.Task, 1);
        await Wait.UntilAsync(() => host.Probe.Events.Contains("enter s1"), "turn entered");
        var queued = grain.Get();
        await host.Storage.WriteAsync(new GrainStateWrite(Id, 1, JsonSerializer.SerializeToUtf8Bytes(new CounterState { Value = 100 }), []), CancellationToken.None);
        gate.SetResult();

        await Assert.ThrowsAsync<InconsistentStateException>(() => Wait.Bounded(failing));

        // The stale activation had 2 in memory; the queued read must come from the store.
        Assert.Equal(100, await Wait.Bounded(queued));
    }
}
