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
/// once the WAL holds <see cref="SqliteStoreOptions.WalRestartFrames"/> frames, it takes the store's write lock
/// between two batches and runs a RESTART checkpoint: only the frames committed since the passive pass remain to copy,
/// and the next write starts the WAL over (the file is reused, not grown). Durability does not depend on this class:
/// every commit is already fsynced in the WAL, and a checkpoint with synchronous=FULL syncs the database file before
/// the WAL can be rewound. A failed checkpoint loses nothing (the pages stay in the WAL); the next commit tries again.
/// </remarks>
internal sealed class SqliteCheckpointer : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _writeLock;
    private readonly TimeSpan _interval;
    private readonly long _restartFrames;
    private readonly SemaphoreSlim _committed = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _signalled;

    private SqliteCheckpointer(SqliteConnection connection, SemaphoreSlim writeLock, TimeSpan interval, long restartFrames)
    {
        _connection = connection;
        _writeLock = writeLock;
        _interval = interval;
        _restartFrames = restartFrames;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Opens the checkpoint connection (synchronous=FULL: the database file is synced before the WAL rewinds).</summary>
    public static SqliteCheckpointer Start(string connectionString, int busyTimeoutMilliseconds, SemaphoreSlim writeLock, TimeSpan interval, long restartFrames)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            Execute(connection, $"PRAGMA busy_timeout = {busyTimeoutMilliseconds.ToString(CultureInfo.InvariantCulture)};");
            Execute(connection, "PRAGMA synchronous = FULL;");
            return new SqliteCheckpointer(connection, writeLock, interval, restartFrames);
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
                    var walFrames = Checkpoint("PASSIVE", "passive");
                    if (walFrames >= _restartFrames)
                    {
                        await _writeLock.WaitAsync(stop).ConfigureAwait(false);
                        try
                        {
                            Checkpoint("RESTART", "restart");
                        }
                        finally
                        {
                            _writeLock.Release();
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

    /// <summary>Runs one checkpoint and returns the frames the WAL held (SQLite's "log" column).</summary>
    private long Checkpoint(string mode, string metricMode)
    {
        var start = StorageMetrics.Now();
        using var command = _connection.CreateCommand();
        command.CommandText = $"PRAGMA wal_checkpoint({mode});";
        using var reader = command.ExecuteReader();
        var walFrames = reader.Read() ? reader.GetInt64(1) : 0;
        StorageMetrics.Checkpointed(metricMode, walFrames, StorageMetrics.Since(start));
        return walFrames;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
