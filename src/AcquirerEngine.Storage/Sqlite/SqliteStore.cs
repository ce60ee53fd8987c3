using System.Collections.Concurrent;
using System.Data;
using System.Globalization;
using System.Runtime.CompilerServices;
using AcquirerEngine.Runtime;
using AcquirerEngine.Runtime.Storage;
using AcquirerEngine.Storage.GroupCommit;
using AcquirerEngine.Storage.Sqlite.Vfs;
using Microsoft.Data.Sqlite;

namespace AcquirerEngine.Storage.Sqlite;

/// <summary>
/// The embedded default store: one SQLite database file in WAL mode with synchronous=FULL, so a
/// completed write has been fsynced to the WAL before its task completes.
/// </summary>
/// <remarks>
/// All writes go through one dedicated connection, serialized by a semaphore: SQLite allows one writer
/// at a time anyway, and queuing in-process is cheaper than spinning on SQLITE_BUSY. Grain writes are
/// group-committed: concurrent callers queue (bounded), and one loop applies up to
/// <see cref="SqliteStoreOptions.MaxWriteBatch"/> of them in one BEGIN IMMEDIATE transaction, each under
/// its own SAVEPOINT so a stale or duplicate write is refused alone, then commits once (one WAL fsync for
/// the batch). Reminder upserts (<see cref="UpsertManyAsync"/>) queue beside the grain writes and are written in the
/// transaction of the batch that takes them, sharing its commit. BEGIN IMMEDIATE takes the file's write lock up
/// front, so the version check and the update cannot interleave with another process writing the same file. Reads use a small pool of
/// separate connections; WAL lets them run while a write is in progress. WAL checkpoints run on a connection of their
/// own (<see cref="SqliteCheckpointer"/>), not inside the writer's commits.
/// Microsoft.Data.Sqlite executes synchronously even behind its async methods, so the async surface
/// here is for the contract, not for I/O overlap.
/// </remarks>
public sealed class SqliteStore : IJournaledGrainStorage, IJournalReader, IReminderTable, IAsyncDisposable
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintUnique = 2067;
    private const string Backend = "sqlite";

    // The group-commit loop's own thread, as operators see it in top -H or /proc (Linux shows 15 characters).
    private const string WriterThreadName = "sqlite-writer";

    // Each write of a batch runs under this savepoint, so a refused write is undone alone.
    private const string SaveWriteSql = "SAVEPOINT grain_write;";
    private const string RollbackWriteSql = "ROLLBACK TO grain_write;";
    private const string ReleaseWriteSql = "RELEASE grain_write;";

    // A grain's version row (small, rewritten by every write) and its last snapshot (large, rewritten only by a
    // snapshot write) live in two tables, so an append does not copy the snapshot blob (migration 3).
    private const string StateWithSnapshot = "grain_state s JOIN grain_snapshot p ON p.grain_type = s.grain_type AND p.grain_key = s.grain_key";

    // A write reads its grain's version row first: the version check, and the grain's last record (the head of its
    // chain, migration 5), to which the write's first record links. ?1 type, ?2 key, ?3 expected version. No row: stale.
    // The version check is part of a statement (as in the PostgreSQL store), so the database, not a prior read,
    // decides who is stale; the writer holds the write lock from here to the version row's update.
    private const string ReadHeadSql = """
        SELECT journal_head FROM grain_state WHERE grain_type = ?1 AND grain_key = ?2 AND version = ?3;
        """;

    // An append keeps the snapshot: only the version and the head move (the fence stays the same).
    // Run raw (SqliteRawStatement), so its parameters are numbered: ?1 type, ?2 key, ?3 now, ?4 expected, ?5 head.
    private const string AppendVersionSql = """
        UPDATE grain_state SET version = version + 1, updated_at = ?3, journal_head = ?5
        WHERE grain_type = ?1 AND grain_key = ?2 AND version = ?4;
        """;

    // A new life starts above every record of an earlier one (a cleared grain keeps its journal): its floor and its
    // head are the last record of the cleared grain. Answers the head, or no row if the grain has a version row.
    // (WHERE true: SQLite's grammar needs it between an INSERT's SELECT and its ON CONFLICT.)
    private const string InsertVersionSql = """
        INSERT INTO grain_state (grain_type, grain_key, version, updated_at, snapshot_version, journal_floor, journal_head)
        SELECT $type, $key, 1, $now, 1, floor, floor
        FROM (SELECT COALESCE((SELECT journal_head FROM cleared_journal_head WHERE grain_type = $type AND grain_key = $key), 0) AS floor)
        WHERE true
        ON CONFLICT (grain_type, grain_key) DO NOTHING
        RETURNING journal_head;
        """;

    // A new grain's first write, when it carries records: its head moves to the last of them. ?1 type, ?2 key, ?3 head.
    private const string MoveHeadSql = """
        UPDATE grain_state SET journal_head = ?3 WHERE grain_type = ?1 AND grain_key = ?2;
        """;

    private const string SnapshotVersionSql = """
        UPDATE grain_state SET version = version + 1, updated_at = $now, snapshot_version = version + 1, journal_head = $head
        WHERE grain_type = $type AND grain_key = $key AND version = $expected;
        """;

    // A grain's tail: its chain walked back from the head while the records are newer than the snapshot and of this
    // life (above the floor), one rowid lookup per record. $head, $floor, $snapshot from the grain's version row.
    internal const string TailSql = """
        WITH RECURSIVE tail(sequence) AS (
            SELECT $head WHERE $head > $floor
            UNION ALL
            SELECT j.grain_previous FROM journal j JOIN tail t ON j.sequence = t.sequence
            WHERE j.grain_version > $snapshot AND j.grain_previous > $floor
        )
        SELECT sequence, grain_type, grain_key, record_id, kind, payload, written_at
        FROM journal WHERE sequence IN (SELECT sequence FROM tail) AND grain_version > $snapshot
        ORDER BY sequence;
        """;

    // A grain's whole journal, every life: its chain from the head of its version row, or of its last clear when it
    // has none.
    internal const string GrainJournalSql = """
        WITH RECURSIVE chain(sequence) AS (
            SELECT COALESCE(
                (SELECT journal_head FROM grain_state WHERE grain_type = $type AND grain_key = $key),
                (SELECT journal_head FROM cleared_journal_head WHERE grain_type = $type AND grain_key = $key),
                0)
            UNION ALL
            SELECT j.grain_previous FROM journal j JOIN chain c ON j.sequence = c.sequence WHERE j.grain_previous > 0
        )
        SELECT sequence, grain_type, grain_key, record_id, kind, payload, written_at
        FROM journal WHERE sequence IN (SELECT sequence FROM chain)
        ORDER BY sequence;
        """;

    private const string UpsertSnapshotSql = """
        INSERT INTO grain_snapshot (grain_type, grain_key, payload) VALUES ($type, $key, $payload)
        ON CONFLICT (grain_type, grain_key) DO UPDATE SET payload = excluded.payload;
        """;

    // Run raw (SqliteRawStatement): ?1 type, ?2 key, ?3 record id, ?4 kind, ?5 payload, ?6 now, ?7 grain version,
    // ?8 id_checked (0 for a record its grain dedupes, which stays out of journal_record_id_unique), ?9 the sequence
    // of the grain's record before it (0 for its first).
    private const string InsertRecordSql = """
        INSERT INTO journal (grain_type, grain_key, record_id, kind, payload, written_at, grain_version, id_checked, grain_previous)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9);
        """;

    // Run raw (SqliteRawStatement), one execution per entry of every batch that carries reminder upserts:
    // ?1 type, ?2 key, ?3 name, ?4 first tick, ?5 period, ?6 next due.
    private const string UpsertReminderSql = """
        INSERT INTO reminders (grain_type, grain_key, name, first_tick, period, next_due)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6)
        ON CONFLICT (grain_type, grain_key, name) DO UPDATE SET
            first_tick = excluded.first_tick, period = excluded.period, next_due = excluded.next_due;
        """;

    private readonly string _connectionString;
    private readonly SqliteConnection _writer;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentBag<SqliteConnection> _idleReaders = [];
    private readonly int _maxIdleReaders;
    private readonly int _busyTimeoutMilliseconds;
    private readonly TimeProvider _timeProvider;
    private readonly GroupCommitQueue _groupCommit;
    private readonly SqliteStatementCache _statements;
    private readonly SqliteCheckpointer? _checkpointer;
    private readonly DatabaseFileSync? _databaseFile;
    private int _disposed;

    // Where the current batch's time goes (Stopwatch ticks), reported once per batch; touched only under the write lock.
    private long _beginTicks;
    private long _versionTicks;
    private long _snapshotTicks;
    private long _recordTicks;
    private long _reminderTicks;
    private long _commitTicks;

    // Write transactions committed on the writer connection (batches and the reminder table's own), for tests.
    private long _commits;

    private SqliteStore(string databasePath, string connectionString, SqliteConnection writer, SqliteStoreOptions options, int busyTimeoutMilliseconds)
    {
        DatabasePath = databasePath;
        _connectionString = connectionString;
        _writer = writer;
        _maxIdleReaders = Math.Max(0, options.MaxIdleReadConnections);
        _busyTimeoutMilliseconds = busyTimeoutMilliseconds;
        _timeProvider = options.TimeProvider;
        _statements = new SqliteStatementCache(writer);
        if (options.CheckpointInBackground)
        {
            _databaseFile = new DatabaseFileSync(databasePath);
            try
            {
                _checkpointer = SqliteCheckpointer.Start(connectionString, busyTimeoutMilliseconds, _writeLock, _databaseFile, options.CheckpointInterval, options.WalRestartFrames);
            }
            catch
            {
                // Closed now rather than by its finalizer at some later moment, when it would drop the POSIX locks of
                // whatever connections this process then has on the file.
                _databaseFile.Dispose();
                throw;
            }
        }

        // Last: its thread starts here, and nothing after it could fail and leave that thread without an owner.
        _groupCommit = GroupCommitQueue.OnOwnThread(options.MaxWriteBatch, options.WriteQueueCapacity, ApplyBatch, WriterThreadName, options.MaxLinger);
    }

    /// <summary>Full path of the database file.</summary>
    public string DatabasePath { get; }

    /// <summary>
    /// Opens (creating if needed) the database under <see cref="SqliteStoreOptions.DataDirectory"/>,
    /// switches it to WAL and applies pending schema migrations.
    /// </summary>
    public static async Task<SqliteStore> OpenAsync(SqliteStoreOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DataDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.FileName);
        ArgumentNullException.ThrowIfNull(options.TimeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BusyTimeout, TimeSpan.Zero);
        GroupCommitOptions.Validate(options.MaxWriteBatch, options.WriteQueueCapacity, options.MaxLinger);
        if (options.CheckpointInterval < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.CheckpointInterval, "SqliteStoreOptions.CheckpointInterval must not be negative.");
        }

        if (options.WalRestartFrames < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.WalRestartFrames, "SqliteStoreOptions.WalRestartFrames must be at least 1.");
        }

        Directory.CreateDirectory(options.DataDirectory);
        var path = Path.GetFullPath(Path.Combine(options.DataDirectory, options.FileName));
        var busyTimeoutMilliseconds = (int)Math.Min(int.MaxValue, options.BusyTimeout.TotalMilliseconds);

        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // We keep our own connections open for the store's lifetime; the library pool would only
            // keep file handles alive after DisposeAsync (a reopen or directory delete would then race).
            Pooling = false,
            // Microsoft.Data.Sqlite retries SQLITE_BUSY until the command timeout: align it with busy_timeout.
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds)),
        }.ToString();

        var writer = new SqliteConnection(WriterConnectionString(connectionString, path, options.CoalesceWalWrites));
        try
        {
            await writer.OpenAsync(cancellationToken).ConfigureAwait(false);
            ConfigureWriter(writer, busyTimeoutMilliseconds, options.CheckpointInBackground);
            SqliteMigrations.Apply(writer, StorageTime.ToUnixMicroseconds(options.TimeProvider.GetUtcNow()));
        }
        catch
        {
            await writer.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new SqliteStore(path, connectionString, writer, options, busyTimeoutMilliseconds);
    }

    /// <summary>
    /// The writer's connection string: the others', but opened through the coalescing WAL VFS when asked. Only the
    /// writer writes the WAL, and it commits with synchronous = FULL, which the VFS needs (a commit's sync is where
    /// its frames reach the file).
    /// </summary>
    private static string WriterConnectionString(string connectionString, string path, bool coalesceWalWrites)
    {
        if (!coalesceWalWrites)
        {
            return connectionString;
        }

        CoalescingWalVfs.EnsureRegistered();
        return new SqliteConnectionStringBuilder(connectionString) { DataSource = CoalescingWalVfs.UriFor(path) }.ToString();
    }

    public async Task<StoredGrainState?> ReadAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        StorageArguments.ValidateGrainId(grainId);
        var connection = RentReader();
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT s.version, p.payload FROM {StateWithSnapshot} WHERE s.grain_type = $type AND s.grain_key = $key;";
            AddGrainId(command, grainId);
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            return new StoredGrainState(ReadBlob(reader, 1), reader.GetInt64(0));
        }
        finally
        {
            ReturnReader(connection);
        }
    }

    public async Task<StoredGrainSnapshot?> ReadStateWithTailAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        StorageArguments.ValidateGrainId(grainId);
        var connection = RentReader();
        try
        {
            // One read transaction: in WAL mode the snapshot row and its tail come from the same commit.
            using var transaction = connection.BeginTransaction(deferred: true);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"SELECT s.version, p.payload, s.snapshot_version, s.journal_floor, s.journal_head FROM {StateWithSnapshot} WHERE s.grain_type = $type AND s.grain_key = $key;";
            AddGrainId(command, grainId);
            long version, snapshotVersion, floor, head;
            byte[] payload;
            using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                version = reader.GetInt64(0);
                payload = ReadBlob(reader, 1);
                snapshotVersion = reader.GetInt64(2);
                floor = reader.GetInt64(3);
                head = reader.GetInt64(4);
            }

            var tail = new List<StoredJournalRecord>();
            if (version > snapshotVersion)
            {
                command.CommandText = TailSql;
                command.Parameters.AddWithValue("$head", head);
                command.Parameters.AddWithValue("$floor", floor);
                command.Parameters.AddWithValue("$snapshot", snapshotVersion);
                using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    tail.Add(ReadJournalRecord(reader));
                }
            }

            return new StoredGrainSnapshot(payload, version, snapshotVersion, tail);
        }
        finally
        {
            ReturnReader(connection);
        }
    }

    public Task<long> WriteAsync(GrainStateWrite write, CancellationToken cancellationToken)
    {
        StorageArguments.ValidateWrite(write);
        ThrowIfDisposed();
        return _groupCommit.EnqueueAsync(write, cancellationToken);
    }

    public Task ClearAsync(GrainId grainId, long expectedVersion, CancellationToken cancellationToken)
    {
        StorageArguments.ValidateGrainId(grainId);
        StorageArguments.ValidateExpectedVersion(expectedVersion);
        return InWriteTransactionAsync(
            transaction =>
            {
                using var delete = _writer.CreateCommand();
                delete.Transaction = transaction;
                delete.CommandText = "DELETE FROM grain_state WHERE grain_type = $type AND grain_key = $key AND version = $expected RETURNING journal_head;";
                AddGrainId(delete, grainId);
                delete.Parameters.AddWithValue("$expected", expectedVersion);
                if (delete.ExecuteScalar() is long head)
                {
                    delete.CommandText = "DELETE FROM grain_snapshot WHERE grain_type = $type AND grain_key = $key;";
                    delete.ExecuteNonQuery();

                    // The journal stays: its head, gone with the version row, is kept for a new life and for reads.
                    if (head > 0)
                    {
                        delete.CommandText = """
                            INSERT INTO cleared_journal_head (grain_type, grain_key, journal_head) VALUES ($type, $key, $head)
                            ON CONFLICT (grain_type, grain_key) DO UPDATE SET journal_head = excluded.journal_head;
                            """;
                        delete.Parameters.AddWithValue("$head", head);
                        delete.ExecuteNonQuery();
                    }
                }
                else
                {
                    var stored = ReadStoredVersion(transaction, grainId);

                    // Clearing a grain that holds nothing, naming version 0, is a no-op: the store already agrees.
                    if (!(expectedVersion == 0 && stored is null))
                    {
                        throw new InconsistentStateException(grainId, expectedVersion, stored);
                    }
                }

                return true;
            },
            cancellationToken);
    }

    public async IAsyncEnumerable<StoredJournalRecord> ReadGrainJournalAsync(
        GrainId grainId,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        StorageArguments.ValidateGrainId(grainId);
        var connection = RentReader();
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = GrainJournalSql;
            AddGrainId(command, grainId);
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return ReadJournalRecord(reader);
            }
        }
        finally
        {
            ReturnReader(connection);
        }
    }

    public async IAsyncEnumerable<StoredJournalRecord> ReadAllAsync(
        long afterSequence,
        int limit,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        StorageArguments.ValidateJournalPage(afterSequence, limit);
        var connection = RentReader();
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT sequence, grain_type, grain_key, record_id, kind, payload, written_at
                FROM journal WHERE sequence > $after ORDER BY sequence LIMIT $limit;
                """;
            command.Parameters.AddWithValue("$after", afterSequence);
            command.Parameters.AddWithValue("$limit", limit);
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return ReadJournalRecord(reader);
            }
        }
        finally
        {
            ReturnReader(connection);
        }
    }

    public async Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var connection = RentReader();
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT grain_type, grain_key, name, first_tick, period, next_due
                FROM reminders ORDER BY next_due, grain_type, grain_key, name;
                """;
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var result = new List<ReminderEntry>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                result.Add(ReadReminder(reader));
            }

            return result;
        }
        finally
        {
            ReturnReader(connection);
        }
    }

    public async Task<ReminderEntry?> ReadAsync(GrainId grainId, string name, CancellationToken cancellationToken)
    {
        StorageArguments.ValidateGrainId(grainId);
        StorageArguments.ValidateReminderName(name);
        var connection = RentReader();
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT grain_type, grain_key, name, first_tick, period, next_due
                FROM reminders WHERE grain_type = $type AND grain_key = $key AND name = $name;
                """;
            AddGrainId(command, grainId);
            command.Parameters.AddWithValue("$name", name);
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadReminder(reader) : null;
        }
        finally
        {
            ReturnReader(connection);
        }
    }

    // One entry is a batch of one: the same statement and transaction, and nothing is ever refused by a fence here.
    public Task UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken)
    {
        StorageArguments.ValidateReminder(entry);
        return UpsertManyAsync([entry], cancellationToken);
    }

    /// <summary>
    /// Every entry in the transaction of the next group-commit batch, beside the grain writes queued with it: no commit
    /// and WAL fsync of their own. Entries are written in order (a later entry for the same reminder wins), and two
    /// calls in the order they were queued. The task completes once that batch's commit is durable, or fails with its
    /// error. The embedded store runs a single node, so fences never refuse here (as in UpsertAsync).
    /// </summary>
    public Task<IReadOnlyList<FencedWriteException?>> UpsertManyAsync(IReadOnlyList<ReminderEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var entry in entries)
        {
            StorageArguments.ValidateReminder(entry);
        }

        IReadOnlyList<FencedWriteException?> written = new FencedWriteException?[entries.Count];
        if (entries.Count == 0)
        {
            return Task.FromResult(written);
        }

        ThrowIfDisposed();

        // A copy: the writer loop reads the entries later, after the caller may have reused its list.
        return QueueRemindersAsync(entries.ToArray(), written, cancellationToken);
    }

    private async Task<IReadOnlyList<FencedWriteException?>> QueueRemindersAsync(
        ReminderEntry[] entries,
        IReadOnlyList<FencedWriteException?> written,
        CancellationToken cancellationToken)
    {
        await _groupCommit.EnqueueRemindersAsync(entries, cancellationToken).ConfigureAwait(false);
        return written;
    }

    public Task<bool> RemoveAsync(GrainId grainId, string name, CancellationToken cancellationToken)
    {
        StorageArguments.ValidateGrainId(grainId);
        StorageArguments.ValidateReminderName(name);
        return InWriteTransactionAsync(
            transaction =>
            {
                using var command = _writer.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "DELETE FROM reminders WHERE grain_type = $type AND grain_key = $key AND name = $name;";
                AddGrainId(command, grainId);
                command.Parameters.AddWithValue("$name", name);
                return command.ExecuteNonQuery() > 0;
            },
            cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="body"/> in one transaction on the single writer connection and commits it.
    /// BEGIN IMMEDIATE (Serializable, not deferred): SQLite's write lock is held from the start. An
    /// exception before Commit leaves the transaction to Dispose, which rolls it back.
    /// </summary>
    private async Task<T> InWriteTransactionAsync<T>(Func<SqliteTransaction, T> body, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfDisposed();
            using var transaction = _writer.BeginTransaction(IsolationLevel.Serializable, deferred: false);
            var result = body(transaction);
            transaction.Commit();
            Interlocked.Increment(ref _commits);
            _checkpointer?.Committed();
            return result;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // Writes already queued were accepted: commit them (their callers are waiting) before closing.
        await _groupCommit.DisposeAsync().ConfigureAwait(false);
        if (_checkpointer is not null)
        {
            await _checkpointer.DisposeAsync().ConfigureAwait(false);
        }

        // Wait for an in-flight write so its commit is not cut off. The semaphore itself is not
        // disposed: callers racing with disposal must get ObjectDisposedException, not a crash in WaitAsync.
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            _statements.Dispose();
            await _writer.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }

        DrainIdleReaders();

        // Last: closing it drops the process's POSIX locks on the file, which the connections above held.
        _databaseFile?.Dispose();
    }

    /// <summary>Test hook: write transactions committed so far (group-commit batches and the reminder table's own).</summary>
    internal long CommittedTransactions => Interlocked.Read(ref _commits);

    /// <summary>Test hook: grain writes and reminder upserts queued, not yet taken into a batch by the writer loop.</summary>
    internal int QueuedCommits => _groupCommit.Queued;

    /// <summary>
    /// Test hook: holds the store's write lock, as a rewinding checkpoint does, until the result is disposed; writes and
    /// reminder upserts queue meanwhile.
    /// </summary>
    internal async Task<IDisposable> HoldWriteLockAsync()
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        return new WriteLockHold(_writeLock);
    }

    /// <summary>Test hook: the value of a PRAGMA on the writer connection, where durability settings matter.</summary>
    internal async Task<string?> ReadWriterPragmaAsync(string pragma)
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            ThrowIfDisposed();
            using var command = _writer.CreateCommand();
            command.CommandText = $"PRAGMA {pragma};";
            return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// One group-commit batch: one BEGIN IMMEDIATE transaction and one commit. With more than one write,
    /// a stale or duplicate write is refused alone while the others commit (see <see cref="ApplyEachAlone"/>).
    /// A lone write with no reminder upserts runs bare, exactly as "one transaction per write" did (the
    /// MaxWriteBatch = 1 baseline). The batch's reminder upserts are written first, in queue order, outside any
    /// write's savepoint: a refused write never takes them with it, and they commit even when every write is refused.
    /// Callers hear their outcome only after the commit returned, that is after the WAL fsync; an error other
    /// than a refusal (I/O, corruption) fails the whole batch, reminder upserts included.
    /// </summary>
    private void ApplyBatch(GroupCommitBatch batch)
    {
        var waitStart = StorageMetrics.Now();

        // Blocking, on the writer's own thread: the lock is held only by a checkpoint's rewind, for milliseconds.
        _writeLock.Wait();
        try
        {
            var start = StorageMetrics.Now();
            StorageMetrics.WriterPhase("wait", start - waitStart);
            _beginTicks = _versionTicks = _snapshotTicks = _recordTicks = _reminderTicks = _commitTicks = 0;
            var now = NowMicroseconds();
            var writes = batch.Writes;
            var reminders = batch.Reminders;
            var versions = new long[writes.Count];
            var refusals = new Exception?[writes.Count];

            // More than one caller shares the transaction: a refused write must not undo the others' work.
            var shared = writes.Count > 1 || reminders.Count > 0;
            var accepted = shared && TryApplyAllAtOnce(batch, now, versions)
                ? writes.Count
                : ApplyEachAlone(batch, now, versions, refusals, savepoints: shared);

            if (accepted > 0 || reminders.Count > 0)
            {
                StorageMetrics.BatchCommitted(Backend, accepted, StorageMetrics.Since(start));
            }

            ReportWriterPhases();

            for (var i = 0; i < writes.Count; i++)
            {
                if (refusals[i] is null)
                {
                    StorageMetrics.StateWritten(Backend, snapshot: !writes[i].Write.AppendOnly);
                }
            }

            foreach (var upsert in reminders)
            {
                upsert.Succeed();
            }

            for (var i = 0; i < writes.Count; i++)
            {
                if (refusals[i] is { } refusal)
                {
                    StorageMetrics.WriteRefused(Backend, refusal);
                    writes[i].Fail(refusal);
                }
                else
                {
                    writes[i].Succeed(versions[i]);
                }
            }
        }
        catch (Exception failure)
        {
            // Not a refusal (those were handled write by write): the commit itself failed. The queue fails the batch.
            StorageMetrics.BatchFailed(Backend, batch.Count, failure);
            throw;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// The common case: every write of the batch is accepted, so no savepoints are needed. Refusals are rare (a stale
    /// activation, an idempotency bug), and the savepoint's two statements per write were a third of the writer's
    /// statements. At the first refusal the transaction is rolled back whole and false returned, and the batch runs
    /// again through <see cref="ApplyEachAlone"/>, so each write ends accepted or refused exactly as it would there.
    /// </summary>
    private bool TryApplyAllAtOnce(GroupCommitBatch batch, long now, long[] versions)
    {
        var begin = StorageMetrics.Now();
        using var transaction = BatchTransaction.Begin(_statements);
        _beginTicks += StorageMetrics.Now() - begin;

        // Rolled back with the rest at a refusal, and written again (once) by the pass that decides each write alone.
        UpsertReminders(batch.Reminders);
        var writes = batch.Writes;
        for (var i = 0; i < writes.Count; i++)
        {
            if (writes[i].Write.Pipeline is { IsBroken: true })
            {
                // Refused unapplied: the pass that decides each write alone says so.
                return false;
            }

            try
            {
                versions[i] = ApplyWrite(writes[i].Write, now);
            }
            catch (Exception refusal) when (refusal is InconsistentStateException or DuplicateJournalRecordException)
            {
                // Dispose rolls back everything this pass wrote.
                return false;
            }
        }

        Commit(transaction);
        return true;
    }

    /// <summary>
    /// Each write under its own SAVEPOINT (when <paramref name="savepoints"/>), so a refused write is rolled back and
    /// refused alone while the others commit. Returns how many were accepted; the transaction commits when any was, or
    /// when the batch holds reminder upserts (written first, outside the savepoints).
    /// </summary>
    private int ApplyEachAlone(GroupCommitBatch batch, long now, long[] versions, Exception?[] refusals, bool savepoints)
    {
        var accepted = 0;
        var begin = StorageMetrics.Now();
        using var transaction = BatchTransaction.Begin(_statements);
        _beginTicks += StorageMetrics.Now() - begin;
        UpsertReminders(batch.Reminders);
        var writes = batch.Writes;
        for (var i = 0; i < writes.Count; i++)
        {
            // Consecutive (pipelined) writes of one grain may share this batch: applied in order, each sees the
            // version the one before produced; one behind a refused write is refused unapplied.
            var write = writes[i].Write;
            if (write.Pipeline is { IsBroken: true })
            {
                refusals[i] = new EarlierWriteRefusedException(write.GrainId, write.ExpectedVersion);
                continue;
            }

            if (savepoints)
            {
                _statements.Raw(SaveWriteSql).Execute();
            }

            try
            {
                versions[i] = ApplyWrite(write, now);
                accepted++;
            }
            catch (Exception refusal) when (refusal is InconsistentStateException or DuplicateJournalRecordException)
            {
                refusals[i] = refusal;
                write.Pipeline?.Break();
                if (savepoints)
                {
                    _statements.Raw(RollbackWriteSql).Execute();
                }
            }

            if (savepoints)
            {
                _statements.Raw(ReleaseWriteSql).Execute();
            }
        }

        // Nothing accepted and no reminders: nothing to make durable; Dispose rolls the empty transaction back.
        if (accepted > 0 || batch.Reminders.Count > 0)
        {
            Commit(transaction);
        }

        return accepted;
    }

    private void Commit(BatchTransaction transaction)
    {
        var start = StorageMetrics.Now();
        transaction.Commit();
        _commitTicks += StorageMetrics.Now() - start;
        Interlocked.Increment(ref _commits);
        _checkpointer?.Committed();
    }

    /// <summary>Every queued reminder upsert of the batch, in queue order and each call's entries in order, in the transaction the writer has open.</summary>
    private void UpsertReminders(IReadOnlyList<PendingReminderUpsert> reminders)
    {
        if (reminders.Count == 0)
        {
            return;
        }

        var start = StorageMetrics.Now();
        var upsertReminder = _statements.Raw(UpsertReminderSql);
        foreach (var upsert in reminders)
        {
            foreach (var entry in upsert.Entries)
            {
                upsertReminder.Bind(1, entry.GrainId.Type);
                upsertReminder.Bind(2, entry.GrainId.Key);
                upsertReminder.Bind(3, entry.Name);
                upsertReminder.Bind(4, StorageTime.ToUnixMicroseconds(entry.FirstTick));
                upsertReminder.Bind(5, StorageTime.ToMicroseconds(entry.Period));
                upsertReminder.Bind(6, StorageTime.ToUnixMicroseconds(entry.NextDue));
                upsertReminder.Execute();
            }
        }

        _reminderTicks += StorageMetrics.Now() - start;
    }

    private void ReportWriterPhases()
    {
        StorageMetrics.WriterPhase("begin", _beginTicks);
        StorageMetrics.WriterPhase("version", _versionTicks);
        StorageMetrics.WriterPhase("snapshot", _snapshotTicks);
        StorageMetrics.WriterPhase("records", _recordTicks);
        StorageMetrics.WriterPhase("reminders", _reminderTicks);
        StorageMetrics.WriterPhase("commit", _commitTicks);
    }

    /// <summary>The whole of one grain write, inside a transaction (and savepoint) the caller owns.</summary>
    private long ApplyWrite(GrainStateWrite write, long nowMicroseconds)
    {
        var started = StorageMetrics.Now();
        var claimed = write.AppendOnly || write.ExpectedVersion != 0
            ? ReadHead(write)
            : InsertVersion(write, nowMicroseconds);
        var versioned = StorageMetrics.Now();
        _versionTicks += versioned - started;
        if (claimed is not { } head)
        {
            throw new InconsistentStateException(write.GrainId, write.ExpectedVersion, ReadStoredVersion(null, write.GrainId));
        }

        if (!write.AppendOnly)
        {
            var snapshot = _statements.Get(UpsertSnapshotSql, "$type", "$key", "$payload");
            SetGrainId(snapshot, write.GrainId);
            snapshot.Parameters["$payload"].Value = write.Payload;
            snapshot.ExecuteNonQuery();
            var snapshotted = StorageMetrics.Now();
            _snapshotTicks += snapshotted - versioned;
            versioned = snapshotted;
        }

        if (write.Records.Count > 0)
        {
            var insert = _statements.Raw(InsertRecordSql);
            insert.Bind(1, write.GrainId.Type);
            insert.Bind(2, write.GrainId.Key);
            insert.Bind(6, nowMicroseconds);
            insert.Bind(7, write.ExpectedVersion + 1);

            // Indexed: foreach over the write's IReadOnlyList boxed an enumerator per write on the writer's thread.
            for (var i = 0; i < write.Records.Count; i++)
            {
                var record = write.Records[i];
                insert.Bind(3, record.RecordId);
                insert.Bind(4, record.Kind);
                insert.Bind(5, record.Payload);
                insert.Bind(8, record.DedupedByGrain ? 0L : 1L);
                insert.Bind(9, head);
                try
                {
                    insert.Execute();
                }
                catch (SqliteException e) when (e.SqliteErrorCode == SqliteConstraint
                    && e.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey)
                {
                    // Records go in one at a time, so the failing one is exactly this record.
                    throw new DuplicateJournalRecordException(record.RecordId);
                }

                head = insert.LastInsertRowId;
            }

            var recorded = StorageMetrics.Now();
            _recordTicks += recorded - versioned;
            versioned = recorded;
        }

        // The version row was read (or inserted) under the write lock this transaction holds, so it is still there.
        var moved = write.AppendOnly ? AppendVersion(write, nowMicroseconds, head)
            : write.ExpectedVersion != 0 ? SnapshotVersion(write, nowMicroseconds, head)
            : write.Records.Count > 0 ? MoveHead(write.GrainId, head)
            : 1;
        _versionTicks += StorageMetrics.Now() - versioned;
        if (moved != 1)
        {
            throw new InvalidOperationException($"The version row of {write.GrainId} changed inside the writer's own transaction.");
        }

        return write.ExpectedVersion + 1;
    }

    /// <summary>The version check of an append or a snapshot write: the grain's head, or null if the expected version is stale.</summary>
    private long? ReadHead(GrainStateWrite write)
    {
        var read = _statements.Raw(ReadHeadSql);
        read.Bind(1, write.GrainId.Type);
        read.Bind(2, write.GrainId.Key);
        read.Bind(3, write.ExpectedVersion);
        return read.QueryInt64();
    }

    /// <summary>A new grain's version row (expected version 0): its head (its floor), or null if the grain has one already.</summary>
    private long? InsertVersion(GrainStateWrite write, long nowMicroseconds)
    {
        var version = _statements.Get(InsertVersionSql, "$type", "$key", "$now");
        SetGrainId(version, write.GrainId);
        version.Parameters["$now"].Value = nowMicroseconds;
        return version.ExecuteScalar() is long head ? head : null;
    }

    /// <summary>An append's version bump (the hottest statement, run raw); returns the rows changed.</summary>
    private int AppendVersion(GrainStateWrite write, long nowMicroseconds, long head)
    {
        var version = _statements.Raw(AppendVersionSql);
        version.Bind(1, write.GrainId.Type);
        version.Bind(2, write.GrainId.Key);
        version.Bind(3, nowMicroseconds);
        version.Bind(4, write.ExpectedVersion);
        version.Bind(5, head);
        return version.Execute();
    }

    /// <summary>A snapshot write's version row, bumped with the snapshot's version; returns the rows changed.</summary>
    private int SnapshotVersion(GrainStateWrite write, long nowMicroseconds, long head)
    {
        var version = _statements.Get(SnapshotVersionSql, "$type", "$key", "$now", "$expected", "$head");
        SetGrainId(version, write.GrainId);
        version.Parameters["$now"].Value = nowMicroseconds;
        version.Parameters["$expected"].Value = write.ExpectedVersion;
        version.Parameters["$head"].Value = head;
        return version.ExecuteNonQuery();
    }

    private int MoveHead(GrainId grainId, long head)
    {
        var move = _statements.Raw(MoveHeadSql);
        move.Bind(1, grainId.Type);
        move.Bind(2, grainId.Key);
        move.Bind(3, head);
        return move.Execute();
    }

    /// <param name="transaction">The SqliteTransaction the statement runs in; null inside a <see cref="BatchTransaction"/>.</param>
    private long? ReadStoredVersion(SqliteTransaction? transaction, GrainId grainId)
    {
        using var command = _writer.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT version FROM grain_state WHERE grain_type = $type AND grain_key = $key;";
        AddGrainId(command, grainId);
        return command.ExecuteScalar() is long version ? version : null;
    }

    private static void ConfigureWriter(SqliteConnection connection, int busyTimeoutMilliseconds, bool checkpointInBackground)
    {
        // busy_timeout first, so switching to WAL waits for other processes instead of failing.
        ExecutePragma(connection, $"busy_timeout = {busyTimeoutMilliseconds.ToString(CultureInfo.InvariantCulture)}");
        var journalMode = Convert.ToString(ExecutePragma(connection, "journal_mode = WAL"), CultureInfo.InvariantCulture);
        if (!string.Equals(journalMode, "wal", StringComparison.OrdinalIgnoreCase))
        {
            // SQLite answers with the mode it kept; e.g. some network file systems cannot do WAL.
            throw new InvalidOperationException($"SQLite refused WAL journal mode (got '{journalMode}').");
        }

        // FULL: in WAL mode, every commit fsyncs the WAL; NORMAL could lose the last commits on power loss. The
        // coalescing WAL VFS relies on it too: that sync is where a commit's buffered frames reach the file.
        ExecutePragma(connection, "synchronous = FULL");
        ExecutePragma(connection, "foreign_keys = ON");

        // The writer's commits stop running checkpoints: SqliteCheckpointer copies the WAL on its own connection.
        if (checkpointInBackground)
        {
            ExecutePragma(connection, "wal_autocheckpoint = 0");
        }
    }

    private SqliteConnection RentReader()
    {
        ThrowIfDisposed();
        if (_idleReaders.TryTake(out var idle))
        {
            return idle;
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            ExecutePragma(connection, $"busy_timeout = {_busyTimeoutMilliseconds.ToString(CultureInfo.InvariantCulture)}");
            ExecutePragma(connection, "foreign_keys = ON");

            // Reader connections must never write: all writes go through the serialized writer.
            ExecutePragma(connection, "query_only = ON");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void ReturnReader(SqliteConnection connection)
    {
        if (Volatile.Read(ref _disposed) == 1 || _idleReaders.Count >= _maxIdleReaders)
        {
            connection.Dispose();
            return;
        }

        _idleReaders.Add(connection);

        // Disposal may have drained the bag between the check and the Add.
        if (Volatile.Read(ref _disposed) == 1)
        {
            DrainIdleReaders();
        }
    }

    private void DrainIdleReaders()
    {
        while (_idleReaders.TryTake(out var connection))
        {
            connection.Dispose();
        }
    }

    private void ThrowIfDisposed()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
    }

    private long NowMicroseconds()
    {
        return StorageTime.ToUnixMicroseconds(_timeProvider.GetUtcNow());
    }

    private static object? ExecutePragma(SqliteConnection connection, string pragma)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {pragma};";
        return command.ExecuteScalar();
    }

    private static void SetGrainId(SqliteCommand command, GrainId grainId)
    {
        command.Parameters["$type"].Value = grainId.Type;
        command.Parameters["$key"].Value = grainId.Key;
    }

    private static void AddGrainId(SqliteCommand command, GrainId grainId)
    {
        command.Parameters.AddWithValue("$type", grainId.Type);
        command.Parameters.AddWithValue("$key", grainId.Key);
    }

    private static byte[] ReadBlob(SqliteDataReader reader, int ordinal)
    {
        // A zero-length blob can come back as NULL from sqlite3_column_blob; the column is NOT NULL, so it is empty.
        return reader.IsDBNull(ordinal) ? [] : reader.GetFieldValue<byte[]>(ordinal);
    }

    private static StoredJournalRecord ReadJournalRecord(SqliteDataReader reader)
    {
        return new StoredJournalRecord(
            reader.GetInt64(0),
            new GrainId(reader.GetString(1), reader.GetString(2)),
            reader.GetString(3),
            reader.GetString(4),
            ReadBlob(reader, 5),
            StorageTime.FromUnixMicroseconds(reader.GetInt64(6)));
    }

    private static ReminderEntry ReadReminder(SqliteDataReader reader)
    {
        return new ReminderEntry(
            new GrainId(reader.GetString(0), reader.GetString(1)),
            reader.GetString(2),
            StorageTime.FromUnixMicroseconds(reader.GetInt64(3)),
            StorageTime.FromMicroseconds(reader.GetInt64(4)),
            StorageTime.FromUnixMicroseconds(reader.GetInt64(5)));
    }
}
