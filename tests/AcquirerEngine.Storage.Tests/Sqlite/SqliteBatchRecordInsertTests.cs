using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Storage;
using AcquirerEngine.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace AcquirerEngine.Storage.Tests.Sqlite;

/// <summary>A batch's journal records go in through multi-row INSERTs; sequences must follow the batch's order.</summary>
public sealed class SqliteBatchRecordInsertTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ae-sqlite-rows-" + Guid.NewGuid().ToString("N"));

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task Records_of_one_batch_spanning_several_statements_get_sequences_in_write_order()
    {
        await using var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DataDirectory = _directory }, CancellationToken.None);

        // Another connection holds the write lock, so the writes below queue up and commit as one or two batches.
        var writes = new List<Task<long>>();
        var expectedOrder = new List<string>();
        using (var blocker = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = store.DatabasePath, Pooling = false }.ToString()))
        {
            blocker.Open();
            using (var begin = blocker.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE;";
                begin.ExecuteNonQuery();
            }

            // 25 writes of 3 records: 75 records, more than two full statements of SqliteBatchRecordInsert.MaxRows.
            for (var g = 0; g < 25; g++)
            {
                var grain = new GrainId("rows-test", $"g{g:D2}");
                var records = new List<JournalRecord>();
                for (var r = 0; r < 3; r++)
                {
                    var id = $"rows-{g:D2}-{r}";
                    expectedOrder.Add(id);
                    records.Add(new JournalRecord(id, "test", [(byte)g, (byte)r]));
                }

                writes.Add(store.WriteAsync(new GrainStateWrite(grain, 0, [(byte)g], records), CancellationToken.None));
            }

            await Task.Delay(200);
            Assert.DoesNotContain(writes, write => write.IsCompleted);
        }

        Assert.All(await Task.WhenAll(writes), version => Assert.Equal(1, version));
        var stored = new List<StoredJournalRecord>();
        await foreach (var record in store.ReadAllAsync(0, 1000, CancellationToken.None))
        {
            stored.Add(record);
        }

        Assert.Equal(expectedOrder, stored.Select(record => record.RecordId));
        for (var i = 0; i < stored.Count; i++)
        {
            var g = i / 3;
            Assert.Equal(new GrainId("rows-test", $"g{g:D2}"), stored[i].GrainId);
            Assert.Equal(new byte[] { (byte)g, (byte)(i % 3) }, stored[i].Payload);
        }

        var journal = new List<StoredJournalRecord>();
        await foreach (var record in store.ReadGrainJournalAsync(new GrainId("rows-test", "g24"), CancellationToken.None))
        {
            journal.Add(record);
        }

        Assert.Equal(["rows-24-0", "rows-24-1", "rows-24-2"], journal.Select(record => record.RecordId));
    }
}
