using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Storage;
using AcquirerEngine.Storage.Sqlite;
using AcquirerEngine.Testing;
using Microsoft.Data.Sqlite;

namespace AcquirerEngine.Storage.Tests.Sqlite;

/// <summary>Background WAL checkpoints: the writer's commits run none, the WAL is rewound and reused, nothing is lost.</summary>
public sealed class SqliteCheckpointerTests : IDisposable
{
    private const int Grains = 64;
    private const int WritesPerGrain = 24;
    private const int PayloadBytes = 16 * 1024;
    private const int MaxRounds = 200;
    private static readonly TimeSpan ReaderHoldsWal = TimeSpan.FromMilliseconds(500);

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task The_wal_is_reused_under_continuous_writes_and_every_write_survives_a_reopen()
    {
        var written = new Dictionary<GrainId, byte[]>();
        long walBytesSeen;
        using var checkpoints = new CheckpointModes();
        await using (var store = await OpenAsync(new SqliteStoreOptions
        {
            DataDirectory = _directory.Path,
            CheckpointInterval = TimeSpan.Zero,
            WalRestartFrames = 64,
        }))
        {
            Assert.Equal("0", await store.ReadWriterPragmaAsync("wal_autocheckpoint"));

            // Every round rewrites each grain's full state (a 16 KiB snapshot) and appends a record: 24 MiB of snapshots
            // pass through the WAL. Kept, the WAL would hold all of it; rewound, it stays near its restart bound.
            walBytesSeen = 0;
            for (var round = 0; round < WritesPerGrain; round++)
            {
                await WriteRoundAsync(store, round, written);
                walBytesSeen = Math.Max(walBytesSeen, new FileInfo(store.DatabasePath + "-wal").Length);
            }

            // Grains whose pages the WAL no longer holds (it was rewound) read from the database file the checkpoints wrote.
            foreach (var (grain, payload) in written)
            {
                var state = await store.ReadAsync(grain, CancellationToken.None);
                Assert.NotNull(state);
                Assert.Equal(WritesPerGrain, state.Version);
                Assert.Equal(payload, state.Payload);
            }
        }

        var snapshotBytes = (long)Grains * WritesPerGrain * PayloadBytes;
        Assert.True(walBytesSeen < snapshotBytes / 3, $"the WAL grew to {walBytesSeen} bytes for {snapshotBytes} bytes of snapshots: it was not rewound");

        // With no reader holding the WAL, the writer was paused only to copy the rest (rewind), never to wait for
        // readers (restart, whose busy-handler sleeps every queued write used to wait through).
        Assert.True(checkpoints.Count("rewind") > 0, "no rewind checkpoint ran");
        Assert.Equal(0, checkpoints.Count("restart"));

        // Every pause of the writer came after the database file was synced beside it, so the copy it waited for ended
        // with an fsync of its own pages only.
        AssertEveryPauseFollowsASync(checkpoints.InOrder);

        await using (var reopened = await OpenAsync(new SqliteStoreOptions { DataDirectory = _directory.Path }))
        {
            foreach (var (grain, payload) in written)
            {
                var state = await reopened.ReadAsync(grain, CancellationToken.None);
                Assert.NotNull(state);
                Assert.Equal(WritesPerGrain, state.Version);
                Assert.Equal(payload, state.Payload);
            }

            var records = 0;
            await foreach (var record in reopened.ReadAllAsync(0, 10_000, CancellationToken.None))
            {
                Assert.StartsWith("ckpt-", record.RecordId, StringComparison.Ordinal);
                records++;
            }

            Assert.Equal(Grains * WritesPerGrain, records);
        }
    }

    [Fact]
    public async Task A_reader_that_kept_the_wal_from_rewinding_is_waited_for_at_the_next_round()
    {
        var written = new Dictionary<GrainId, byte[]>();
        using var checkpoints = new CheckpointModes();
        await using var store = await OpenAsync(new SqliteStoreOptions
        {
            DataDirectory = _directory.Path,
            CheckpointInterval = TimeSpan.Zero,
            WalRestartFrames = 64,
        });
        await WriteRoundAsync(store, 0, written);
        var rounds = 1;

        // A read transaction on an older WAL snapshot: no checkpoint may copy past it, so no rewind can happen. The
        // RESTART that follows a missed rewind waits for it (holding every write), so it ends on a timer.
        var reader = SqliteSideConnection.Open(store.DatabasePath);
        var transaction = reader.BeginTransaction(deferred: true);
        await using (var read = reader.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT count(*) FROM grain_state;";
            Assert.Equal((long)Grains, await read.ExecuteScalarAsync());
        }

        var readerEnds = Task.Run(async () =>
        {
            await Task.Delay(ReaderHoldsWal);
            await transaction.DisposeAsync();
            await reader.DisposeAsync();
        });

        // The checkpointer runs beside the writes: give it rounds until it had the chance to miss and retry.
        for (; rounds < MaxRounds && checkpoints.Count("restart") == 0; rounds++)
        {
            await WriteRoundAsync(store, rounds, written);
        }

        await readerEnds;
        Assert.True(checkpoints.Count("restart") > 0, $"no RESTART followed a missed rewind in {MaxRounds} rounds");
        AssertEveryPauseFollowsASync(checkpoints.InOrder);
        foreach (var (grain, payload) in written)
        {
            var state = await store.ReadAsync(grain, CancellationToken.None);
            Assert.NotNull(state);
            Assert.Equal(rounds, state.Version);
            Assert.Equal(payload, state.Payload);
        }
    }

    [Fact]
    public async Task Without_background_checkpoints_the_writer_keeps_sqlites_automatic_checkpoint()
    {
        await using var store = await OpenAsync(new SqliteStoreOptions { DataDirectory = _directory.Path, CheckpointInBackground = false });
        Assert.Equal("1000", await store.ReadWriterPragmaAsync("wal_autocheckpoint"));
    }

    [Theory]
    [InlineData(-1, 16384, "CheckpointInterval")]
    [InlineData(100, 0, "WalRestartFrames")]
    public async Task Bad_checkpoint_settings_are_refused_by_name(int intervalMilliseconds, long restartFrames, string field)
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => OpenAsync(new SqliteStoreOptions
        {
            DataDirectory = _directory.Path,
            CheckpointInterval = TimeSpan.FromMilliseconds(intervalMilliseconds),
            WalRestartFrames = restartFrames,
        }));
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    private static void AssertEveryPauseFollowsASync(IReadOnlyList<string> modes)
    {
        var syncedSinceLastPause = false;
        foreach (var mode in modes)
        {
            switch (mode)
            {
                case "sync":
                    syncedSinceLastPause = true;
                    break;
                case "rewind" or "restart":
                    Assert.True(syncedSinceLastPause, $"a {mode} paused the writer without a sync before it: {string.Join(",", modes)}");
                    syncedSinceLastPause = false;
                    break;
            }
        }
    }

    private static Task<SqliteStore> OpenAsync(SqliteStoreOptions options) => SqliteStore.OpenAsync(options, CancellationToken.None);

    /// <summary>Rewrites each grain's full state (a 16 KiB snapshot) and appends a record, all writes at once.</summary>
    private static async Task WriteRoundAsync(SqliteStore store, int round, Dictionary<GrainId, byte[]> written)
    {
        var writes = new List<Task<long>>(Grains);
        for (var g = 0; g < Grains; g++)
        {
            var grain = new GrainId("ckpt-test", $"g{g}");
            var payload = Payload(round, g);
            written[grain] = payload;
            var record = new JournalRecord($"ckpt-{g}-{round}", "test", [(byte)round]);
            writes.Add(store.WriteAsync(new GrainStateWrite(grain, round, payload, [record]), CancellationToken.None));
        }

        Assert.All(await Task.WhenAll(writes), version => Assert.Equal(round + 1, version));
    }

    private static byte[] Payload(int round, int grain)
    {
        var payload = new byte[PayloadBytes];
        for (var i = 0; i < payload.Length; i++)
        {
            payload[i] = (byte)(i * 31 + grain * 7 + round);
        }

        return payload;
    }
}
