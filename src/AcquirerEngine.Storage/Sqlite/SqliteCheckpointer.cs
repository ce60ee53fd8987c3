using System.Buffers.Binary;
using System.Globalization;
using AcquirerEngine.Storage.GroupCommit;
using Microsoft.Data.Sqlite;

namespace AcquirerEngine.Storage.Sqlite;

/// <summary>
/// Copies the WAL's pages into the database file on a connection of its own, so the writer's commits no longer run
/// SQLite's automatic checkpoint (which made every commit that crossed 1000 WAL pages wait 10-25 ms for it).
/// </summary>
/// <remarks>
/// After a commit it runs a PASSIVE checkpoint (it never blocks the writer or the readers; at most one per
/// <see cref="SqliteStoreOptions.CheckpointInterval"/>). A passive checkpoint racing the writer rarely leaves the WAL
/// fully copied at the moment the next write transaction starts, which is when SQLite rewinds the WAL to its start; so
/// once the WAL holds <see cref="SqliteStoreOptions.WalRestartFrames"/> frames, it catches up with more passes until
/// little is left, syncs the database file, then takes the store's write lock between two batches and copies the rest,
/// and the next write starts the WAL over (the file is reused, not grown); see <see cref="RewindAsync"/>. If a reader
/// kept the WAL from starting over, the next round waits for the readers (RESTART), as every round did before.
/// Durability does not depend on this class: every commit is already fsynced in the WAL, and a checkpoint with
/// synchronous=FULL syncs the database file before the WAL can be rewound. A failed checkpoint loses nothing (the pages
/// stay in the WAL); the next commit tries again.
/// </remarks>
internal sealed class SqliteCheckpointer : IAsyncDisposable
{
    // Unlocked passes before the writer is paused: each copies what was committed during the one before, so the copy
    // the writer waits for covers what the last pass let through instead of a whole pass (closed model: one pass left
    // pauses of 17-22 ms on average, two 11-18 ms, against 27-30 ms for the RESTART before). They go on while much is
    // left (WalCatchUp), up to this many.
    private const int MaxCatchUpPasses = 4;

    // Each round of catch-up passes ends with a sync of the database file, beside the writer. Under load the sync is
    // the slow part (closed model: 25 ms, while one pass took 10 ms), and what the writer committed meanwhile would be
    // left for the locked copy; a second round copies and syncs it too.
    private const int CatchUpRounds = 2;

    private readonly SqliteConnection _connection;
    private readonly string _walPath;
    private readonly SemaphoreSlim _writeLock;
    private readonly DatabaseFileSync _databaseFile;
    private readonly TimeSpan _interval;
    private readonly long _restartFrames;
    private readonly SemaphoreSlim _committed = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _signalled;

    // Where the WAL stood when the writer was last paused to rewind it (null: never); touched only by the checkpoint loop.
    private WalPosition? _lastRewind;

    private SqliteCheckpointer(SqliteConnection connection, string walPath, SemaphoreSlim writeLock, DatabaseFileSync databaseFile, TimeSpan interval, long restartFrames)
    {
        _connection = connection;
        _walPath = walPath;
        _writeLock = writeLock;
        _databaseFile = databaseFile;
        _interval = interval;
        _restartFrames = restartFrames;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>
    /// Opens the checkpoint connection (synchronous=FULL: the database file is synced before the WAL rewinds). The caller
    /// keeps <paramref name="databaseFile"/> open until its own connections are closed (see <see cref="DatabaseFileSync"/>).
    /// </summary>
    public static SqliteCheckpointer Start(string connectionString, int busyTimeoutMilliseconds, SemaphoreSlim writeLock, DatabaseFileSync databaseFile, TimeSpan interval, long restartFrames)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            Execute(connection, $"PRAGMA busy_timeout = {busyTimeoutMilliseconds.ToString(CultureInfo.InvariantCulture)};");
            Execute(connection, "PRAGMA synchronous = FULL;");
            return new SqliteCheckpointer(connection, connection.DataSource + "-wal", writeLock, databaseFile, interval, restartFrames);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Called by the writer after each commit: there are pages to copy. Cheap and never blocks.</summary>
    public void Committed()
    {
        if (Interlocked.Exchange(ref _signalled, 1) == 0)
        {
            _committed.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();

        // _committed is not disposed: a write transaction finishing while the store closes may still signal it, and
        // its caller must hear its commit, not an ObjectDisposedException (a SemaphoreSlim holds nothing to release).
    }

    private async Task RunAsync()
    {
        var stop = _stop.Token;
        try
        {
            while (true)
            {
                await _committed.WaitAsync(stop).ConfigureAwait(false);
                Volatile.Write(ref _signalled, 0);
                try
                {
                    var walFrames = Checkpoint("PASSIVE", "passive").WalFrames;
                    if (walFrames >= _restartFrames)
                    {
                        // Frames written since the last rewind if the WAL did not start over then; null if it did.
                        long? writtenSinceMissedRewind = _lastRewind is { Starts: { } starts } last && starts == ReadWalStarts()
                            ? walFrames - last.Frames
                            : null;

                        // 0: the writer has not written since, and its next write rewinds. More: a reader held the
                        // WAL at that write, so this round waits for the readers.
                        if (writtenSinceMissedRewind != 0)
                        {
                            _lastRewind = await RewindAsync(waitForReaders: writtenSinceMissedRewind > 0, stop).ConfigureAwait(false);
                        }
                    }
                }
                catch (SqliteException)
                {
                    // Nothing is lost: the pages stay in the WAL and the next commit's signal tries again.
                }

                await Task.Delay(_interval, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Disposal: the store closes the writer last, and SQLite checkpoints the WAL on that close.
        }
    }

    /// <summary>
    /// Copies the WAL whole so that the writer's next transaction starts it over, and returns where the WAL stood before
    /// that transaction. The writer waits only for the last copy: what was committed while the unlocked passes ran. That
    /// copy ends with an fsync of the database file, which flushes every page the checkpoints copied since the last
    /// complete one (SQLite syncs the database file only when a checkpoint copied the whole WAL), so catch-up passes
    /// first shrink what is left to copy, and the database file is synced before the writer is paused.
    /// </summary>
    private async Task<WalPosition> RewindAsync(bool waitForReaders, CancellationToken stop)
    {
        for (var round = 0; round < CatchUpRounds; round++)
        {
            var passes = 0;
            WalCheckpointResult caughtUp;
            do
            {
                caughtUp = Checkpoint("PASSIVE", "catchup");
                passes++;
            }
            while (WalCatchUp.NeedsAnotherPass(caughtUp, passes, MaxCatchUpPasses));

            SyncDatabaseFile();
        }

        await _writeLock.WaitAsync(stop).ConfigureAwait(false);
        try
        {
            // Between two batches. A PASSIVE checkpoint never waits for readers; once it has copied the WAL whole,
            // SQLite rewinds it at the writer's next transaction unless a reader still reads an older WAL snapshot
            // (then the next round tries again). RESTART waits for such readers through the busy handler (sleeps of
            // 1, 2, 5, 10... ms with every write queued behind it), so it runs only after a rewind was missed: that
            // keeps the WAL bounded whatever the readers do.
            var last = waitForReaders ? Checkpoint("RESTART", "restart") : Checkpoint("PASSIVE", "rewind");

            // Read before the writer may go on: its next write changes the number if (and only if) it rewinds.
            return new WalPosition(ReadWalStarts(), last.WalFrames);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// How many times the WAL has started over: the checkpoint sequence number of the WAL header (a big-endian 32-bit
    /// integer at offset 12 of the -wal file, SQLite's file format), which SQLite increments at each rewind. Null when
    /// the file is missing or shorter than a header.
    /// </summary>
    private uint? ReadWalStarts()
    {
        Span<byte> header = stackalloc byte[16];
        try
        {
            using var wal = new FileStream(_walPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
            return wal.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length
                ? BinaryPrimitives.ReadUInt32BigEndian(header[12..])
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Runs one checkpoint: the frames the WAL held and those copied (SQLite's "log" and "checkpointed").</summary>
    private WalCheckpointResult Checkpoint(string mode, string metricMode)
    {
        var start = StorageMetrics.Now();
        using var command = _connection.CreateCommand();
        command.CommandText = $"PRAGMA wal_checkpoint({mode});";
        using var reader = command.ExecuteReader();
        var result = reader.Read() ? new WalCheckpointResult(reader.GetInt64(1), reader.GetInt64(2)) : new WalCheckpointResult(0, 0);
        StorageMetrics.Checkpointed(metricMode, result.WalFrames, StorageMetrics.Since(start));
        return result;
    }

    /// <summary>Flushes the pages the unlocked passes copied, timed as the "sync" mode of the checkpoint histogram.</summary>
    private void SyncDatabaseFile()
    {
        var start = StorageMetrics.Now();
        try
        {
            _databaseFile.Flush();
        }
        catch (IOException)
        {
            // Only a head start: the complete checkpoint syncs the file itself before the WAL may rewind.
        }

        StorageMetrics.DatabaseFileSynced(StorageMetrics.Since(start));
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
