using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Storage;
using AcquirerEngine.Storage.Sqlite;

namespace AcquirerEngine.Storage.Tests.Sqlite;

/// <summary>Background WAL checkpoints: the writer's commits run none, the WAL is rewound and reused, nothing is lost.</summary>
public sealed class SqliteCheckpointerTests : IAsyncLifetime
{
    private const int Grains = 64;
    private const int WritesPerGrain = 24;
    private const int PayloadBytes = 16 * 1024;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ae-sqlite-ckpt-" + Guid.NewGuid().ToString("N"));

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
    public async Task The_wal_is_reused_under_continuous_writes_and_every_write_survives_a_reopen()
    {
        var written = new Dictionary<GrainId, byte[]>();
        long walBytesSeen;
        await using (var store = await OpenAsync(new SqliteStoreOptions
        {
            DataDirectory = _directory,
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

        await using (var reopened = await OpenAsync(new SqliteStoreOptions { DataDirectory = _directory }))
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
    public async Task Without_background_checkpoints_the_writer_keeps_sqlites_automatic_checkpoint()
    {
        await using var store = await OpenAsync(new SqliteStoreOptions { DataDirectory = _directory, CheckpointInBackground = false });
        Assert.Equal("1000", await store.ReadWriterPragmaAsync("wal_autocheckpoint"));
    }

    [Theory]
    [InlineData(-1, 16384, "CheckpointInterval")]
    [InlineData(100, 0, "WalRestartFrames")]
    public async Task Bad_checkpoint_settings_are_refused_by_name(int intervalMilliseconds, long restartFrames, string field)
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => OpenAsync(new SqliteStoreOptions
        {
            DataDirectory = _directory,
            CheckpointInterval = TimeSpan.FromMilliseconds(intervalMilliseconds),
            WalRestartFrames = restartFrames,
        }));
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    private static Task<SqliteStore> OpenAsync(SqliteStoreOptions options) => SqliteStore.OpenAsync(options, CancellationToken.None);

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
