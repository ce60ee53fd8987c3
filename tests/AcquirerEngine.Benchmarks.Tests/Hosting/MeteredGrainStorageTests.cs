using AcquirerEngine.Benchmarks.Hosting;
using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.InMemory;
using AcquirerEngine.Runtime.Storage;

namespace AcquirerEngine.Benchmarks.Tests.Hosting;

public sealed class MeteredGrainStorageTests
{
    [Fact]
    public async Task Counts_writes_bytes_and_records_per_grain_type_and_starts_afresh_after_a_snapshot()
    {
        var inner = new InMemoryGrainStorage();
        var metered = new MeteredGrainStorage(inner);
        var rail = new GrainId("bank-channel", "Hvps");
        var merchant = new GrainId("merchant", "m1");

        await metered.WriteAsync(new GrainStateWrite(rail, 0, new byte[100], [new JournalRecord("r1", "k", [1])]), CancellationToken.None);
        await metered.WriteAsync(new GrainStateWrite(rail, 1, new byte[300], []), CancellationToken.None);
        await metered.WriteAsync(new GrainStateWrite(merchant, 0, new byte[10], []), CancellationToken.None);

        var first = metered.TakeSnapshot();
        var railWrites = Assert.Single(first, w => w.GrainType == "bank-channel");
        Assert.Equal(2, railWrites.Writes);
        Assert.Equal(400, railWrites.StateBytes);
        Assert.Equal(1, railWrites.JournalRecords);
        Assert.Equal(200, railWrites.AverageStateBytes);
        Assert.Equal(10, Assert.Single(first, w => w.GrainType == "merchant").StateBytes);
        Assert.Equal(2, (await inner.ReadAsync(rail, CancellationToken.None))!.Version);
        Assert.Empty(metered.TakeSnapshot());
    }

    [Fact]
    public async Task A_refused_write_is_passed_on_and_still_counted()
    {
        var metered = new MeteredGrainStorage(new InMemoryGrainStorage());
        var id = new GrainId("merchant", "m1");

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => metered.WriteAsync(new GrainStateWrite(id, 5, new byte[1], []), CancellationToken.None));

        Assert.Equal(1, Assert.Single(metered.TakeSnapshot()).Writes);
    }

    [Fact]
    public async Task An_append_passes_through_as_an_append_counted_without_state_bytes_and_reads_back_as_snapshot_plus_tail()
    {
        var metered = new MeteredGrainStorage(new InMemoryGrainStorage());
        var rail = new GrainId("bank-channel", "Hvps");

        await metered.WriteAsync(new GrainStateWrite(rail, 0, new byte[100], [new JournalRecord("r1", "k", [1])]), CancellationToken.None);
        await metered.WriteAsync(GrainStateWrite.Append(rail, 1, [new JournalRecord("r2", "k", [2]), new JournalRecord("r3", "k", [3])]), CancellationToken.None);

        var writes = Assert.Single(metered.TakeSnapshot());
        Assert.Equal((2L, 100L, 3L), (writes.Writes, writes.StateBytes, writes.JournalRecords));
        var stored = await metered.ReadStateWithTailAsync(rail, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal((2L, 1L), (stored.Version, stored.SnapshotVersion));
        Assert.Equal(["r2", "r3"], stored.Tail.Select(r => r.RecordId));
    }
}
